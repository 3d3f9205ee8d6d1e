/** A stack's pruner (the SwarmStack component's one resource of its own; see pruner.ts). */
export { check, diff, create, read, update, remove as delete } from "./pruner";
