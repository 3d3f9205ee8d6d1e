// Three projects: `unit` (pure code and fakes, seconds), `engine` (the Engine client against real
// engines of the test bed) and `e2e` (the real Pulumi CLI on examples/ programs against real engines).
// The last two need test beds: `npm run test:all` starts them and sets PDS_BEDS.
const tsJest = ["ts-jest", { tsconfig: "tests/tsconfig.json" }];

module.exports = {
  projects: [
    {
      displayName: "unit",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/tests/unit/**/*.test.ts"],
    },
    {
      displayName: "engine",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/tests/engine/**/*.test.ts"],
    },
    {
      displayName: "e2e",
      testEnvironment: "node",
      transform: { "^.+\\.ts$": tsJest },
      testMatch: ["<rootDir>/tests/e2e/**/*.test.ts"],
      globalSetup: "<rootDir>/tests/e2e/global-setup.ts",
    },
  ],
};
