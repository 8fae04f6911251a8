import type { en } from './en.js';
import type { TranslateVars } from './i18n.js';

/** Every message key of the web app; English is the reference list. */
export type MessageKey = keyof typeof en;

/** A complete translation: all keys, nothing else (object literals reject extra keys). */
export type Dictionary = Record<MessageKey, string>;

/** A translate function: useI18n().t in components, i18n.t elsewhere; passed to pure helpers. */
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;
