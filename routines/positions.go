package routines

// Positions names the lines of TOML files other than the model's own, as
// the model's errors name theirs: a review record's unknown key or wrong
// value is reported at its line, from the same layout the decoder of the
// model files reads positions from.

// Positions is where the tables and keys of a TOML file stand.
type Positions struct {
	d decoder
}

// PositionsOf reads where the tables and keys of src stand. src should
// be text BurntSushi/toml accepted; of other text, the positions are
// a guess, never a panic.
func PositionsOf(src []byte) *Positions {
	return &Positions{decoder{lay: scanLayout(src)}}
}

// Table is the position of the header of the n-th table named name
// ([name] or [[name]]; n counts from 0), or of the top of the file for
// name "". ok is false when there is no such table.
func (p *Positions) Table(name string, n int) (pos Pos, ok bool) {
	t, ok := p.table(name, n)
	if !ok {
		return Pos{}, false
	}
	return p.d.tablePos(t), true
}

// table is the index in the layout of the n-th table named name.
func (p *Positions) table(name string, n int) (int, bool) {
	if name == "" {
		return 0, n == 0
	}
	for i := 1; i < len(p.d.lay.tables); i++ {
		if p.d.lay.tables[i].name != name {
			continue
		}
		if n == 0 {
			return i, true
		}
		n--
	}
	return 0, false
}

// Key is where key is set in the n-th table named table ("" and 0 for
// the top of the file): at the key, at a dotted key under it, or at the
// header of a table of its own ([table.key]). A key set nowhere is at
// its table's header. A table with no header of its own, such as an
// inline one, is where the key that holds it is set.
func (p *Positions) Key(table string, n int, key string) Pos {
	t, ok := p.table(table, n)
	if !ok {
		return p.Key("", 0, table)
	}
	meta := Meta{Line: p.d.tablePos(t).Line, keys: p.d.metaKeys(t)}
	d := p.d
	d.item = table
	return d.setAt(meta, "", key)
}
