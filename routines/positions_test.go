package routines

import "testing"

func TestPositions(t *testing.T) {
	src := []byte(`# A record.
date = 2026-11-25
kind = "daily"
extra.deep = 1

[[routine]]
id = "sleep"
  answer = "yes"

[[routine]]
id = "read"

[routine.more]
x = 1

[[prompt]]
key = "one"
inline = { a = 1 }
`)
	p := PositionsOf(src)
	tests := []struct {
		table string
		n     int
		key   string
		want  Pos
	}{
		{"", 0, "date", Pos{2, 1}},
		{"", 0, "kind", Pos{3, 1}},
		{"", 0, "extra", Pos{4, 1}},   // a dotted key under it
		{"", 0, "nowhere", Pos{1, 1}}, // the top of the file
		{"routine", 0, "answer", Pos{8, 3}},
		{"routine", 0, "note", Pos{6, 1}}, // not set: the table's header
		{"routine", 1, "id", Pos{11, 1}},
		{"routine", 1, "more", Pos{13, 1}}, // a table of its own
		{"prompt", 0, "inline", Pos{18, 1}},
		{"prompt", 1, "key", Pos{16, 1}}, // no such table: the first of its name
		{"decision", 0, "key", Pos{1, 1}},
	}
	for _, tt := range tests {
		if got := p.Key(tt.table, tt.n, tt.key); got != tt.want {
			t.Errorf("Key(%q, %d, %q) = %v, want %v", tt.table, tt.n, tt.key, got, tt.want)
		}
	}
	if got, ok := p.Table("routine", 1); !ok || got != (Pos{10, 1}) {
		t.Errorf("Table(routine, 1) = %v, %t, want {10 1}, true", got, ok)
	}
	if _, ok := p.Table("routine", 2); ok {
		t.Errorf("Table(routine, 2): got ok, want none")
	}
	if got, ok := p.Table("", 0); !ok || got != (Pos{1, 1}) {
		t.Errorf("Table(\"\", 0) = %v, %t, want {1 1}, true", got, ok)
	}
	// Text the decoder would refuse gives positions all the same.
	PositionsOf([]byte("[[routine\nid = \"a\nx = [1,\n")).Key("routine", 0, "id")
}
