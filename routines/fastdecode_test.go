package routines

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/BurntSushi/toml"
)

// fastCases are inputs on both sides of what the fast decoder reads:
// handled says whether it must read them (and agree with BurntSushi/toml)
// or leave them to BurntSushi/toml. They seed FuzzFastDecode too.
var fastCases = []struct {
	name    string
	src     string
	handled bool
}{
	// Read.
	{"empty", "", true},
	{"only blank", " \n\t\n\r\n", true},
	{"only comment", "# a comment", true},
	{"bom", "\ufeff[[theme]]\nid = \"health\"\n", true},
	{"crlf", "[[theme]]\r\nid = \"health\" # c\r\n\r\n# c\r\n", true},
	{"no final newline", "a = 1", true},
	{"comment after value", "a = \"x\" # note\nb = 2\t#\n", true},
	{"tab in comment", "# a\tb\n", true},
	{"escapes", `s = "tab\there \"q\" back\\slash \b\f\n\r \u00e9 \U0001F600 \e \x41"`, true},
	{"only an escape", `s = "\n"`, true},
	{"tab in string", "s = \"a\tb\"", true},
	{"unicode in strings", "s = \"Sch\u0303laf \u200f\u202eevil\u202c \U0001F634\"\nt = '\U0001F634'", true},
	{"literal string", `s = 'C:\path\no escapes "here"'`, true},
	{"empty strings", `a = ""` + "\n" + `b = ''`, true},
	{"quoted keys", `"a b" = 1` + "\n" + `'c.d' = 2` + "\n" + `"\u0041" = 3` + "\n" + `"" = 4`, true},
	{"keys that look like values", "1234 = 1\ntrue = 2\n-1 = 3\n2026-12-01 = 4\n", true},
	{"bare key characters", "A-z_0 = 1", true},
	{"no spaces", "a=1\n[t]\nb=\"x\"", true},
	{"spaces around", " \t a \t = \t 1 \t \n", true},
	{"integers", "a = 0\nb = -0\nc = +0\nd = 42\ne = -17\nf = +99\ng = 1_000_000\nh = 9223372036854775807\ni = -9223372036854775808", true},
	{"booleans", "a = true\nb = false", true},
	{"dates", "a = 2026-12-01\nb = 2024-02-29\nc = 0001-01-01\nd = 9999-12-31 # c\ne = 2026-12-01 ", true},
	{"empty array", "a = []\nb = [ ]\nc = [\n]\n", true},
	{"array", `days = ["mon", "tue", 'wed']`, true},
	{"mixed array", `a = [1, "x", true, 2026-12-01, [2]]`, true},
	{"nested arrays", "a = [[1, 2], [], [[\"x\"]]]", true},
	{"trailing comma", "a = [1, 2, ]\nb = [\n  \"x\",\n]\n", true},
	{"multi-line array with comments", "a = [ # first\n  \"x\", # one\n  # between\n  \"y\" # two\n  , \"z\"\n] # after\n", true},
	{"crlf array", "a = [\r\n  1,\r\n  2,\r\n]\r\n", true},
	{"dates in array", "a = [2026-12-01 , 2026-12-02]", true},
	{"tables", "[calendar]\ngrid = \"15m\"\n[review]\nweekly_day = \"fri\"\n", true},
	{"empty table", "[a]\n[b]\n", true},
	{"spaces in headers", "[ a ]\n[[ b ]]\n[\tc\t]\n", true},
	{"quoted header", "[\"a b\"]\nx = 1\n[['c']]\n[[\"c\"]]\n", true},
	{"array of tables", "[[routine]]\nid = \"a\"\n[[routine]]\nid = \"b\"\n[[routine]]\n", true},
	{"root keys then tables", "name = \"x\"\n[[block]]\nid = \"a\"\n[[event]]\nid = \"b\"\n[[block]]\nid = \"c\"\n", true},
	{"header with comment", "[[a]] # c\nx = 1\n[b]# c\n", true},
	{"same key in two array tables", "[[a]]\nx = 1\n[[a]]\nx = 2\n", true},
	{"same key in two tables", "x = 0\n[a]\nx = 1\n[b]\nx = 2\n", true},

	// Left to BurntSushi/toml: not plain, or not TOML.
	{"duplicate key", "a = 1\na = 2", false},
	{"duplicate key in table", "[t]\na = 1\na = 2", false},
	{"duplicate quoted key", "a = 1\n\"a\" = 2", false},
	{"duplicate escaped key", "A = 1\n\"\\u0041\" = 2", false},
	{"table twice", "[a]\n[a]\n", false},
	{"array table then table", "[[a]]\n[a]\n", false},
	{"table then array table", "[a]\n[[a]]\n", false},
	{"key then table", "a = 1\n[a]\n", false},
	{"array then array table", "a = []\n[[a]]\n", false},
	{"dotted key", "a.b = 1", false},
	{"dotted key twice", "a.b = 1\na.b = 2", false},
	{"dotted header", "[a.b]\n", false},
	{"inline table", "a = {b = 1}", false},
	{"multi-line string", "a = \"\"\"\nx\"\"\"", false},
	{"multi-line literal", "a = '''\nx'''", false},
	{"float", "a = 1.5", false},
	{"exponent", "a = 1e5", false},
	{"inf", "a = inf", false},
	{"nan", "a = -nan", false},
	{"hex", "a = 0x1F", false},
	{"octal", "a = 0o17", false},
	{"binary", "a = 0b101", false},
	{"leading zero", "a = 01", false},
	{"signed leading zero", "a = -01", false},
	{"double underscore", "a = 1__0", false},
	{"leading underscore", "a = _1", false},
	{"trailing underscore", "a = 1_", false},
	{"sign only", "a = -", false},
	{"int too big", "a = 9223372036854775808", false},
	{"datetime", "a = 2026-12-01T10:00:00", false},
	{"datetime with space", "a = 2026-12-01 10:00:00", false},
	{"offset datetime", "a = 2026-12-01T10:00:00Z", false},
	{"local time", "a = 10:00", false},
	{"bad date", "a = 2026-02-30", false},
	{"bad month", "a = 2026-13-01", false},
	{"short date", "a = 2026-1-01", false},
	{"date then word", "a = 2026-12-01 Z", false},
	{"bad word", "a = yes", false},
	{"True", "a = True", false},
	{"value on next line", "a =\n1", false},
	{"no value", "a = ", false},
	{"no key", "= 1", false},
	{"two keys", "a b = 1", false},
	{"two values", "a = 1 2", false},
	{"value then bracket", "a = 1]", false},
	{"unterminated string", "a = \"x", false},
	{"newline in string", "a = \"x\ny\"", false},
	{"unterminated literal", "a = 'x", false},
	{"bad escape", `a = "\q"`, false},
	{"escaped space", `a = "\ "`, false},
	{"short unicode escape", `a = "\u00"`, false},
	{"surrogate escape", `a = "\uD800"`, false},
	{"escape past unicode", `a = "\U00110000"`, false},
	{"escape at the end", `a = "\`, false},
	{"control in string", "a = \"\x01\"", false},
	{"delete in string", "a = \"\x7f\"", false},
	{"control in comment", "# \x01\n", false},
	{"nul", "a = \"\x00\"", false},
	{"cr only", "a = 1\rb = 2", false},
	{"cr in comment", "# a\rb\n", false},
	{"cr in array", "a = [1,\r2]", false},
	{"invalid utf-8", "a = \"\xff\"", false},
	{"utf-16 bom", "\xff\xfea = 1", false},
	{"unterminated array", "a = [1, 2", false},
	{"double comma", "a = [1,,2]", false},
	{"leading comma", "a = [,]", false},
	{"missing comma", "a = [1 2]", false},
	{"empty header", "[]\n", false},
	{"unterminated header", "[a\n", false},
	{"array header closed once", "[[a]\n", false},
	{"array header with space", "[[a] ]\n", false},
	{"header then key", "[a] b = 1\n", false},
	{"nested header", "[ [a] ]\n", false},
	{"unicode bare key", "é = 1", false},
}

// tomlFiles are the TOML files of the examples, the templates and the
// test data, by path.
func tomlFiles(tb testing.TB) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	for _, pattern := range []string{"../examples/*/*.toml", "../templates/*/*.toml", "testdata/*/*.toml"} {
		paths, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			files[p] = b
		}
	}
	if len(files) < 30 {
		tb.Fatalf("got %d TOML files, want the examples, templates and test data", len(files))
	}
	return files
}

// sameAsBurntSushi fails tb when fastDecode reads src but BurntSushi/toml
// rejects it or decodes something else; it reports whether fastDecode
// read src.
func sameAsBurntSushi(tb testing.TB, src []byte) bool {
	tb.Helper()
	got, ok := fastDecode(src)
	if !ok {
		return false
	}
	var want map[string]any
	if _, err := toml.Decode(string(src), &want); err != nil {
		tb.Fatalf("fastDecode read %q, which BurntSushi/toml rejects: %v", src, err)
	}
	if !reflect.DeepEqual(got, want) {
		tb.Fatalf("fastDecode(%q):\ngot  %#v\nwant %#v", src, got, want)
	}
	return true
}

func TestFastDecode(t *testing.T) {
	for _, c := range fastCases {
		t.Run(c.name, func(t *testing.T) {
			if got := sameAsBurntSushi(t, []byte(c.src)); got != c.handled {
				t.Errorf("fastDecode(%q) handled = %t, want %t", c.src, got, c.handled)
			}
		})
	}
}

// TestFastDecodeReadsEveryExample guards the speed: an OS written like the
// examples and the templates never needs the slow decoder.
func TestFastDecodeReadsEveryExample(t *testing.T) {
	for path, src := range tomlFiles(t) {
		handled := sameAsBurntSushi(t, src)
		if filepath.Base(filepath.Dir(path)) == "nasty" {
			continue // either way, as long as it agrees
		}
		if !handled {
			t.Errorf("%s: fastDecode left it to BurntSushi/toml, want it read", path)
		}
	}
}

// TestDecodeTOMLErrors guards the error messages: what the fast decoder
// does not read fails exactly as BurntSushi/toml fails.
func TestDecodeTOMLErrors(t *testing.T) {
	for _, c := range fastCases {
		var want map[string]any
		_, wantErr := toml.Decode(c.src, &want)
		got, err := decodeTOML([]byte(c.src))
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Errorf("%s: decodeTOML error %v, want %v", c.name, err, wantErr)
		}
		// Printed as well, for NaN, which is not equal to itself.
		if err == nil && !reflect.DeepEqual(got, want) && fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: decodeTOML got %#v, want %#v", c.name, got, want)
		}
	}
}

func FuzzFastDecode(f *testing.F) {
	for _, src := range tomlFiles(f) {
		f.Add(src)
	}
	for _, c := range fastCases {
		f.Add([]byte(c.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		sameAsBurntSushi(t, src)
	})
}

// BenchmarkDecodePriorities decodes a priorities file of the size a
// person keeps, the fast way and with BurntSushi/toml.
func BenchmarkDecodePriorities(b *testing.B) {
	src, err := os.ReadFile("../examples/tasks-first/priorities.toml")
	if err != nil {
		b.Fatal(err)
	}
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fastDecode(src); !ok {
				b.Fatal("not read")
			}
		}
	})
	b.Run("burntsushi", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var raw map[string]any
			if _, err := toml.Decode(string(src), &raw); err != nil {
				b.Fatal(err)
			}
		}
	})
}
