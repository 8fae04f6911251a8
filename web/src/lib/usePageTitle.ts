import { useEffect } from 'react';

const APP = 'Relais';

/**
 * The browser tab's title: what the page shows (a record's name, a list), then the app's name,
 * so that several open tabs can be told apart. Back to the app's name when the page goes; pages
 * that set none keep it.
 */
export function usePageTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · ${APP}` : APP;
    return () => {
      document.title = APP;
    };
  }, [title]);
}
