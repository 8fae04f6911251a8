import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import * as fr from '@zxcvbn-ts/language-fr';

zxcvbnOptions.setOptions({
  dictionary: { ...common.dictionary, ...en.dictionary, ...fr.dictionary },
  graphs: common.adjacencyGraphs,
});

// scrypt from node:crypto: memory-hard and slow on purpose (≈50 ms per hash on the reference machine).
const PARAMS = { N: 16384, r: 8, p: 1, keyLength: 32 };

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, PARAMS.keyLength, { N: PARAMS.N, r: PARAMS.r, p: PARAMS.p, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scryptAsync(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal it. */
export const DUMMY_HASH_PROMISE = hashPassword(randomBytes(12).toString('hex'));

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Why a password is refused (English, French), or null when acceptable. Long passphrases pass. */
export function passwordProblem(password: string, userInputs: string[] = []): { en: string; fr: string } | null {
  if (password.length < PASSWORD_MIN) {
    return { en: `at least ${PASSWORD_MIN} characters`, fr: `au moins ${PASSWORD_MIN} caractères` };
  }
  if (password.length > PASSWORD_MAX) {
    return { en: `at most ${PASSWORD_MAX} characters`, fr: `au plus ${PASSWORD_MAX} caractères` };
  }
  // zxcvbn knows common passwords, names and keyboard patterns in English and French.
  if (zxcvbn(password.slice(0, 100), userInputs).score < 3) {
    return { en: 'too common or too easy to guess', fr: 'trop courant ou trop facile à deviner' };
  }
  return null;
}
