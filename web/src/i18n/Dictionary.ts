import type { en } from './en.js';

/** Every message key of the web app; English is the reference list. */
export type MessageKey = keyof typeof en;

/** A complete translation: all keys, nothing else (object literals reject extra keys). */
export type Dictionary = Record<MessageKey, string>;
