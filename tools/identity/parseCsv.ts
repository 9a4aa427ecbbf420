/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into rows of strings. With
 * `trim`, every field is trimmed (FEBRL writes a space after each comma). Throws a TypeError
 * naming the line of an unterminated quote.
 */
export function parseCsv(text: string, options: { trim?: boolean } = {}): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  const endField = () => {
    row.push(options.trim ? field.trim() : field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field.trim() === '') {
      field = '';
      quoted = true;
      quoteLine = line;
    } else if (char === ',') endField();
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      endField();
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      line += 1;
    } else field += char;
  }
  if (quoted) throw new TypeError(`Expected a closing quote for the field opened on line ${quoteLine}, got the end of the file`);
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
