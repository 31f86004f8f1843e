// Saves what the app produced (an error CSV, an export) as a file the user keeps: a download in
// the browser; in the desktop app Electron asks where to save it (its default for a download).
export function downloadParts(fileName: string, parts: BlobPart[], type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function downloadText(fileName: string, text: string, type?: string): void {
  downloadParts(fileName, [text], type);
}
