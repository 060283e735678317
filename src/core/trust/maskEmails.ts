// Masks e-mail addresses for screen sharing: `jane.doe@bank.ch` -> `j***@bank.ch`. The domain stays (it
// says which company), the local part keeps its first character. Applied to text the extension shows
// (previews, row tooltips), never to files on disk.

const EMAIL = /([A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

export function maskEmails(text: string): string {
  return text.replace(EMAIL, '$1***@$2');
}
