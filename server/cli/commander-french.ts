/**
 * Commander's own words, in French too. Its parsing errors are English only ("error: unknown
 * command 'foo'"): these patterns add the French line under each message Relais's commands can
 * produce; a message no pattern knows is left as it is. Written by hand: Commander has no message
 * catalogue to plug in.
 */
import { Help } from 'commander';

const FRENCH: [RegExp, (...groups: string[]) => string][] = [
  [/^error: unknown command '([^']*)'/, (name) => `erreur : commande inconnue '${name}'`],
  [/^error: unknown option '([^']*)'/, (flag) => `erreur : option inconnue '${flag}'`],
  [/^error: required option '([^']*)' not specified/, (flags) => `erreur : l’option obligatoire '${flags}' manque`],
  [/^error: option '([^']*)' argument missing/, (flags) => `erreur : l’option '${flags}' attend une valeur`],
  [/^error: missing required argument '([^']*)'/, (name) => `erreur : l’argument obligatoire '${name}' manque`],
  [/^error: too many arguments/, () => 'erreur : trop d’arguments'],
  [
    /^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\.$/m,
    (flags, value, choices) => `erreur : la valeur '${value}' de l’option '${flags}' n’est pas permise ; valeurs possibles : ${choices}.`,
  ],
  [/^error: option '([^']*)' argument '([^']*)' is invalid/, (flags, value) => `erreur : la valeur '${value}' de l’option '${flags}' n’est pas valable`],
];

/** The message with its French translation added on the next line, when one is known. */
export function withFrench(message: string): string {
  for (const [pattern, french] of FRENCH) {
    const match = pattern.exec(message);
    if (match) return `${message.trimEnd()}\n${french(...match.slice(1))}\n`;
  }
  return message;
}

const EXTRA_WORDS: Record<string, string> = { choices: 'choix', default: 'par défaut', preset: 'prédéfini' };

/** "(choices: …, default: …)", which Commander adds to option and argument descriptions, in both languages. */
function bilingualExtras(description: string): string {
  return description.replace(/(\(|, )(choices|default|preset): /g, (_all, before: string, word: string) => `${before}${word} / ${EXTRA_WORDS[word]}: `);
}

/** Help settings for every command: Commander's own words in option descriptions get a French twin. */
export const bilingualHelp: Partial<Help> = {
  optionDescription(option) {
    return bilingualExtras(Help.prototype.optionDescription.call(this, option));
  },
  argumentDescription(argument) {
    return bilingualExtras(Help.prototype.argumentDescription.call(this, argument));
  },
};
