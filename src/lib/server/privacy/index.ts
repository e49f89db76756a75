/**
 * The privacy feature's manifest (what app.ts needs from it; see ../feature.ts). Its daily
 * retention job runs every feature's step, so app.ts schedules it (it knows the list).
 */
export { retention } from './retention';
