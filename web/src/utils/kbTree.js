// Knowledge-base categories come as a flat list with parent_id; pages show
// them as a tree ({id, label, children}), ordered as the server sent them
// (sort, then name).

/** [{id, parent_id, name, …}] → [{id, label, articles, children}] */
export function categoryTree(categories, { without = null } = {}) {
  const nodes = new Map()
  for (const c of categories) {
    if (c.id !== without) nodes.set(c.id, { ...c, label: c.name, children: [] })
  }
  const top = []
  for (const n of nodes.values()) {
    const parent = n.parent_id && nodes.get(n.parent_id)
    if (parent) parent.children.push(n)
    else if (!n.parent_id || !without) top.push(n)
  }
  return top
}

/** Dictionary items ({code, label, parent_code}) as a tree keyed by code. */
export function dictionaryTree(items) {
  const nodes = new Map(items.map((it) => [it.code, { value: it.code, label: it.label, children: [] }]))
  const top = []
  for (const it of items) {
    const parent = it.parent_code && nodes.get(it.parent_code)
    if (parent) parent.children.push(nodes.get(it.code))
    else top.push(nodes.get(it.code))
  }
  return top
}
