/** Image references and resolveImage's mapping of a /distribution answer to a pinned image. */
import { distributionInfo, hasDigest, parseImage, pinImage } from "../../provider/service/image";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;

describe("image references", () => {
  it.each([
    ["nginx", { domain: "docker.io", path: "library/nginx" }],
    ["nginx:1.27", { domain: "docker.io", path: "library/nginx", tag: "1.27" }],
    ["pds/busybox:latest", { domain: "docker.io", path: "pds/busybox", tag: "latest" }],
    ["localhost:5000/app", { domain: "localhost:5000", path: "app" }],
    ["registry.example.com/team/app:2@" + DIGEST, { domain: "registry.example.com", path: "team/app", tag: "2", digest: DIGEST }],
    ["index.docker.io/library/redis", { domain: "docker.io", path: "library/redis" }],
  ])("parses %s", (ref, want) => {
    expect(parseImage(ref)).toEqual(want);
  });

  it("pins a tag to a digest, replacing any digest already there", () => {
    expect(pinImage("nginx:1.27", DIGEST)).toBe(`nginx:1.27@${DIGEST}`);
    expect(pinImage(`nginx:1.27@sha256:${"f".repeat(64)}`, DIGEST)).toBe(`nginx:1.27@${DIGEST}`);
    expect(hasDigest(`nginx@${DIGEST}`)).toBe(true);
    expect(hasDigest("nginx:1.27")).toBe(false);
  });
});

describe("distributionInfo (GET /distribution/{name}/json)", () => {
  it("takes the descriptor's digest and the platforms", () => {
    const answer = {
      Descriptor: { mediaType: "application/vnd.oci.image.index.v1+json", digest: DIGEST, size: 10229 },
      Platforms: [
        { architecture: "amd64", os: "linux" },
        { architecture: "arm64", os: "linux", variant: "v8" },
      ],
    };
    expect(distributionInfo(answer)).toEqual({
      digest: DIGEST,
      platforms: [
        { architecture: "amd64", os: "linux" },
        { architecture: "arm64", os: "linux" },
      ],
    });
  });

  it("refuses an answer without a usable digest", () => {
    expect(distributionInfo({ Descriptor: {} })).toBeUndefined();
    expect(distributionInfo({ Descriptor: { digest: "latest" } })).toBeUndefined();
    expect(distributionInfo(undefined)).toBeUndefined();
  });
});
