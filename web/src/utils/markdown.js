// The small markdown of knowledge-base articles, parsed into plain data
// that KbMarkdown.vue renders as elements with text children. Nothing is
// ever turned into HTML from the article's text, so an article cannot
// inject markup or script whatever it contains.
//
// Blocks: "# " to "### " headings, "- " / "* " / "+ " and "1. " lists,
// ``` code blocks, paragraphs (lines kept). Inline: **bold** and `code`.

/** "a **b** `c`" → [{text:'a '}, {text:'b', strong:true}, {text:'c', code:true}] */
export function parseInline(line) {
  const out = []
  const re = /\*\*([^*]+)\*\*|`([^`]+)`/g
  let at = 0
  for (let m; (m = re.exec(line)); ) {
    if (m.index > at) out.push({ text: line.slice(at, m.index) })
    out.push(m[1] !== undefined ? { text: m[1], strong: true } : { text: m[2], code: true })
    at = re.lastIndex
  }
  if (at < line.length) out.push({ text: line.slice(at) })
  return out
}

const HEADING = /^(#{1,3})\s+(.*)$/
const BULLET = /^\s*[-*+]\s+(.*)$/
const NUMBERED = /^\s*\d+[.、)]\s+(.*)$/

/** Article text → [{type:'h', level, inline} | {type:'p', lines} |
 *  {type:'ul'|'ol', items} | {type:'pre', text}] */
export function parseMarkdown(source) {
  const blocks = []
  const lines = String(source || '').replace(/\r\n?/g, '\n').split('\n')
  let para = null
  let list = null
  const close = () => {
    para = null
    list = null
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line.startsWith('```')) {
      close()
      const code = []
      while (++i < lines.length && !lines[i].startsWith('```')) code.push(lines[i])
      blocks.push({ type: 'pre', text: code.join('\n') })
      continue
    }
    if (!line.trim()) {
      close()
      continue
    }
    let m
    if ((m = HEADING.exec(line))) {
      close()
      blocks.push({ type: 'h', level: m[1].length, inline: parseInline(m[2]) })
    } else if ((m = BULLET.exec(line)) || (m = NUMBERED.exec(line))) {
      const type = BULLET.test(line) ? 'ul' : 'ol'
      if (!list || list.type !== type) {
        para = null
        list = { type, items: [] }
        blocks.push(list)
      }
      list.items.push(parseInline(m[1]))
    } else if (list && /^\s+/.test(line)) {
      list.items[list.items.length - 1].push({ text: ' ' + line.trim() })
    } else {
      list = null
      if (!para) {
        para = { type: 'p', lines: [] }
        blocks.push(para)
      }
      para.lines.push(parseInline(line))
    }
  }
  return blocks
}

/** The text of an article as plain text (markdown marks left out), for
 *  inserting into a reply when it has no standard answer. */
export function plainText(source) {
  return parseMarkdown(source)
    .map((b) => {
      const line = (inline) => inline.map((x) => x.text).join('')
      if (b.type === 'h') return line(b.inline)
      if (b.type === 'p') return b.lines.map(line).join('\n')
      if (b.type === 'pre') return b.text
      return b.items.map((it, i) => (b.type === 'ol' ? `${i + 1}. ` : '· ') + line(it)).join('\n')
    })
    .join('\n')
}
