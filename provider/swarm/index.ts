export { check, diff, diffDetailed, create, read, update, remove as delete } from "./lifecycle";
