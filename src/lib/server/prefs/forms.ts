/** The display-mode switch (POST /prefs): which mode to toggle, and the page to return to. */
import { z } from 'zod';
import { one, text } from '../forms';
import { MODES } from './index';

/** An unknown mode toggles nothing (the page still comes back). */
export const toggleForm = z.object({
	toggle: one(z.string()).transform((v) => MODES.find((m) => m === v) ?? null),
	back: text()
});
