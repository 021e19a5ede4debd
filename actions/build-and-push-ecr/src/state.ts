/** The state main saves and the post step reads (names.ts re-exports it; post.ts loads this alone, so its bundle stays small). */
export const STATE = {
  registry: 'registry',
  logout: 'logout',
} as const;
