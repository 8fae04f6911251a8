/** Stable error codes shared by the server and the web app, with their HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  FILE_MISSING: 410,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  ALREADY_EXISTS: 409,
  PRESSURE_CAP_EXCEEDED: 409,
  CONSENT_REFUSED: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  IDEMPOTENCY_ANSWER_LOST: 409,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_TIMEOUT: 408,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_REQUESTS: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Default human messages, in English and French, for each code. */
export const ERROR_MESSAGES: Record<ErrorCode, { en: string; fr: string }> = {
  VALIDATION_FAILED: { en: 'Some fields are invalid.', fr: 'Certains champs sont invalides.' },
  BAD_REQUEST: { en: 'The request is malformed.', fr: 'La requête est mal formée.' },
  UNAUTHENTICATED: { en: 'Please log in.', fr: 'Veuillez vous connecter.' },
  INVALID_CREDENTIALS: { en: 'Wrong e-mail or password.', fr: 'E-mail ou mot de passe incorrect.' },
  FORBIDDEN: { en: 'You are not allowed to do this.', fr: "Vous n’avez pas le droit de faire cela." },
  CSRF_FAILED: { en: 'Missing or wrong CSRF token.', fr: 'Jeton CSRF absent ou incorrect.' },
  NOT_FOUND: { en: 'Not found.', fr: 'Introuvable.' },
  METHOD_NOT_ALLOWED: { en: 'This address does not take this method (see the Allow header).', fr: 'Cette adresse ne prend pas cette méthode (voir l’en-tête Allow).' },
  FILE_MISSING: {
    en: "This attachment's file is missing from the server; ask an administrator to restore it.",
    fr: 'Le fichier de cette pièce jointe est absent du serveur ; demandez à un administrateur de le restaurer.',
  },
  CONFLICT: { en: 'Conflict with the current state.', fr: "Conflit avec l’état actuel." },
  VERSION_CONFLICT: {
    en: 'This record was changed by someone else; reload it.',
    fr: "Cette fiche a été modifiée par quelqu’un d’autre ; rechargez-la.",
  },
  ALREADY_EXISTS: { en: 'This already exists.', fr: 'Cela existe déjà.' },
  PRESSURE_CAP_EXCEEDED: {
    en: 'This contact would go over a contact-pressure cap; give a reason to proceed.',
    fr: 'Ce contact dépasserait un plafond de sollicitation ; indiquez un motif pour continuer.',
  },
  CONSENT_REFUSED: {
    en: 'This contact refused to be contacted on this channel; give a reason to proceed.',
    fr: 'Ce contact a refusé d’être contacté par ce canal ; indiquez un motif pour continuer.',
  },
  IDEMPOTENCY_KEY_IN_USE: {
    en: 'A request with this Idempotency-Key is still being processed; retry in a moment.',
    fr: 'Une requête avec cette Idempotency-Key est encore en cours ; réessayez dans un instant.',
  },
  IDEMPOTENCY_ANSWER_LOST: {
    en: 'The first request with this Idempotency-Key made its change, but its answer was lost: look the record up rather than sending it again (a new key would make it twice).',
    fr: "La première requête avec cette Idempotency-Key a fait sa modification, mais sa réponse s’est perdue : cherchez l’enregistrement plutôt que de la renvoyer (une nouvelle clé la ferait deux fois).",
  },
  IDEMPOTENCY_KEY_REUSED: {
    en: 'This Idempotency-Key was already used for a different request.',
    fr: 'Cette Idempotency-Key a déjà servi pour une autre requête.',
  },
  PAYLOAD_TOO_LARGE: { en: 'The request body is too large.', fr: 'Le corps de la requête est trop gros.' },
  UNSUPPORTED_MEDIA_TYPE: { en: 'Unsupported content type.', fr: 'Type de contenu non pris en charge.' },
  REQUEST_TIMEOUT: { en: 'The request took too long to arrive.', fr: 'La requête a mis trop de temps à arriver.' },
  TOO_MANY_REQUESTS: { en: 'Too many attempts; wait a moment.', fr: 'Trop de tentatives ; patientez un moment.' },
  HEADERS_TOO_LARGE: {
    en: 'The address or headers of the request are too long.',
    fr: "L’adresse ou les en-têtes de la requête sont trop longs.",
  },
  INTERNAL: { en: 'Something went wrong on our side.', fr: 'Une erreur est survenue de notre côté.' },
  UNAVAILABLE: { en: 'Service temporarily unavailable.', fr: 'Service momentanément indisponible.' },
};
