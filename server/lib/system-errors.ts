/** What the usual system errors of a start, a backup or a restore mean, in both languages. */
const SYSTEM_ERRORS: Record<string, string> = {
  EADDRINUSE: 'the port is already in use: stop what listens there or set PORT / le port est déjà utilisé : arrêtez ce qui y écoute ou changez PORT',
  EADDRNOTAVAIL: 'this machine has no such address: check HOST / cette machine n’a pas cette adresse : vérifiez HOST',
  ENOTFOUND: 'unknown host name: check HOST or DATABASE_URL / nom d’hôte inconnu : vérifiez HOST ou DATABASE_URL',
  ECONNREFUSED: 'nothing answers at that address: is the database started? Check DATABASE_URL / rien ne répond à cette adresse : la base est-elle démarrée ? Vérifiez DATABASE_URL',
  ENOTDIR: 'a file stands where a folder is expected: check RELAIS_DATA_DIR / un fichier se trouve là où un dossier est attendu : vérifiez RELAIS_DATA_DIR',
  EACCES: 'permission denied: check who owns RELAIS_DATA_DIR / permission refusée : vérifiez à qui appartient RELAIS_DATA_DIR',
  EROFS: 'the disk is read-only: choose another RELAIS_DATA_DIR / le disque est en lecture seule : choisissez un autre RELAIS_DATA_DIR',
  SQLITE_CANTOPEN: 'the database file cannot be opened: check RELAIS_DATA_DIR / le fichier de base ne peut être ouvert : vérifiez RELAIS_DATA_DIR',
  ENOSPC: 'the disk is full: free some space, then try again / le disque est plein : libérez de la place, puis réessayez',
  SQLITE_FULL: 'the disk is full: free some space, then try again / le disque est plein : libérez de la place, puis réessayez',
  SQLITE_NOTADB: 'this file is not a Relais database, or it is damaged: restore a backup (relais restore) / ce fichier n’est pas une base Relais, ou il est endommagé : restaurez une sauvegarde (relais restore)',
  SQLITE_CORRUPT: 'the database is damaged: restore a backup (relais restore) / la base est endommagée : restaurez une sauvegarde (relais restore)',
  '3D000': 'this database does not exist: create it or check DATABASE_URL / cette base n’existe pas : créez-la ou vérifiez DATABASE_URL',
};

/**
 * An error's message, preceded by what to do when it is a usual system error (a port in use, a
 * missing database…): the system's own words stay, as they name the file or address.
 */
export function explainError(error: unknown): string {
  const message = (error as Error)?.message ?? String(error);
  const system = SYSTEM_ERRORS[(error as { code?: string })?.code ?? ''];
  return system ? `${system} (${message})` : message;
}
