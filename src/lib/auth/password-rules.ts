/** Shared by the server's checks and the forms' hints. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;
