/** The notices feature's manifest (what app.ts needs from it; see ../feature.ts). */
export { fileAccess } from './service';
