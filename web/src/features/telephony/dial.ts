/**
 * Follows a `tel:` or `mailto:` address as if the user clicked a link (the phone, softphone, mail or OS handler
 * takes over). A real link click keeps browsers' external-protocol handling consistent.
 */
export function dial(href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
}
