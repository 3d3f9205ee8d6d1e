import { dataObjectProvider } from "./lifecycle";

/** SwarmSecret's provider. */
export const secret = dataObjectProvider("secret");
/** SwarmConfig's provider. */
export const config = dataObjectProvider("config");
