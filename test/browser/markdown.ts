/**
 * The markdown subset Teams applies to TextBlock and FactSet text: **bold**, _italic_ / *italic*,
 * [links](https://...), "- " and "1. " lists, line breaks and backslash escapes. The adaptivecards
 * package shows markdown verbatim unless the host supplies a processor, so without this the
 * screenshots would not look like Teams. Runs inside the page: it must not reference anything outside
 * its own body (it is serialized with Function.prototype.toString).
 */
export function processMarkdown(text: string): string {
  const escapeHtml = (s: string): string =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const escaped: string[] = [];
  const inline = (line: string): string => {
    // Backslash escapes become private-use markers first, so escaped syntax never formats.
    let out = line.replace(/\\([\\`*_{}[\]()#+\-.!<>~&$|=])/g, (_m, c: string) => {
      escaped.push(c);
      return `\uE000${escaped.length - 1}\uE001`;
    });
    out = escapeHtml(out);
    out = out.replace(/\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
    out = out.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    out = out.replace(/(^|[^\w])_(.+?)_(?!\w)/g, '$1<em>$2</em>');
    out = out.replace(/\*(.+?)\*/g, '<em>$1</em>');
    return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => escapeHtml(escaped[Number(i)] ?? ''));
  };
  const blocks: string[] = [];
  let list: { tag: 'ul' | 'ol'; items: string[] } | null = null;
  const flush = (): void => {
    if (list) blocks.push(`<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  for (const line of text.split(/\r?\n/)) {
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d+\.\s+(.*)$/.exec(line);
    const item = bullet ?? numbered;
    if (item) {
      const tag = bullet ? 'ul' : 'ol';
      if (!list || list.tag !== tag) {
        flush();
        list = { tag, items: [] };
      }
      list.items.push(inline(item[1]!));
    } else {
      flush();
      if (line.trim()) blocks.push(`<p>${inline(line)}</p>`);
    }
  }
  flush();
  return blocks.join('');
}
