package routines

import (
	"strings"
	"testing"
)

func TestCheckStructure(t *testing.T) {
	deep := func(n int) string { return "x = " + strings.Repeat("[", n) + strings.Repeat("]", n) + "\n" }
	tests := []struct{ name, src, want string }{
		{"an OS file", goodOS + goodThemes, ""},
		{"brackets in strings and comments",
			"[[theme]] # [[[[[[\nid = \"[[[[{{{{\\\"\"\ntitle = '''\n]]]]{{{{ '''\nnarrative = \"\"\"a \\\"\"\" [[[[ \"\"\"\"\nwhy = 'x'\n", ""},
		{"32 deep", deep(MaxNesting), ""},
		{"33 deep", deep(MaxNesting + 1), "themes.toml:1:37: arrays and tables nested more than 32 deep"},
		{"inline tables", "x = {a = {b = {c = 1}}, d = [1, {e = 2}]}\n", ""},
		{"inline tables too deep", "x = " + strings.Repeat("{a = ", MaxNesting+1) + "1" + strings.Repeat("}", MaxNesting+1) + "\n", "themes.toml:1:165: arrays and tables nested"},
		{"16 dotted parts", strings.Repeat("a.", MaxKeyParts-1) + "a = 1\n", ""},
		{"17 dotted parts", strings.Repeat("a.", MaxKeyParts) + "a = 1\n", "themes.toml:1:33: a key of more than 16 dotted parts"},
		{"header of 17 parts", "[" + strings.Repeat("a.", MaxKeyParts) + "a]\n", "themes.toml:1:34: a key of more than 16 dotted parts"},
		{"dotted key in an inline table", "x = {" + strings.Repeat("a.", MaxKeyParts) + "a = 1}\n", "themes.toml:1:38: a key of more than 16"},
		{"quoted parts", "\"a\".\"b\".'c' = 1\n[\"d\".'e']\n", ""},
		{"long bare key", "x = 1\n" + strings.Repeat("k", MaxKeyLen+1) + " = 1\n", "themes.toml:2:1: a key of 129 characters: keys are at most 128"},
		{"long quoted key", "\"" + strings.Repeat("k", MaxKeyLen+1) + "\" = 1\n", "themes.toml:1:1: a key of 129 characters"},
		{"long bare key at the end", strings.Repeat("k", MaxKeyLen+1), "themes.toml:1:1: a key of 129 characters"},
		{"long values are fine", "x = \"" + strings.Repeat("v", 10000) + "\"\ny = [" + strings.Repeat("1, ", 10000) + "]\n", ""},
		{"arrays over lines", "x = [\n  1,\n  [2,\n   3],\n]\ny.z = 1\n", ""},
		{"dates and numbers", "d = 2026-11-25\nf = 1.5e3\nt = 07:30:00\n", ""},
		{"unterminated string", "x = \"abc\n" + deep(MaxNesting+1), ""}, // the decoder says where
	}
	for _, tt := range tests {
		f, bad := checkStructure(FileThemes, []byte(tt.src))
		got := ""
		if bad {
			got = f.String()
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
