// Placeholder while the node resource is being built: every hook fails loudly.
const pending = async (): Promise<never> => {
  throw new Error("the node resource is not implemented yet");
};
export { pending as check, pending as diff, pending as create, pending as read, pending as update, pending as delete };
