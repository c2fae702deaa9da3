package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/myos-dev/myos/routines"
)

func weekPageBytes(t testing.TB, o *routines.OS, day routines.Date) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WeekHTML(&buf, o, o.Week(day)); err != nil {
		t.Fatalf("WeekHTML: %v", err)
	}
	return buf.Bytes()
}

func TestWeekHTMLGolden(t *testing.T) {
	tests := []struct {
		example string
		day     routines.Date
		golden  string
	}{
		// The keynote week: two dated events among the blocks.
		{"calendar-first", routines.Date{Year: 2026, Month: time.December, Day: 2}, "week_calendar-first.html.golden"},
		// An all-day workshop on a Tuesday that overlaps the writing block.
		{"tasks-first", routines.Date{Year: 2026, Month: time.December, Day: 8}, "week_tasks-first.html.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			checkGolden(t, tt.golden, weekPageBytes(t, exampleOS(t, tt.example), tt.day))
		})
	}
}

// pageNode parses the page with an HTML5 parser.
func pageNode(t *testing.T, b []byte) *html.Node {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("parse the page: %v", err)
	}
	return n
}

func walkNodes(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, f)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, c string) bool {
	return n.Type == html.ElementNode && strings.Contains(" "+attr(n, "class")+" ", " "+c+" ")
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walkNodes(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return b.String()
}

// TestWeekHTMLSelfContained guards "no network, no scripts": nothing on
// the page loads anything or runs anything.
func TestWeekHTMLSelfContained(t *testing.T) {
	b := weekPageBytes(t, exampleOS(t, "calendar-first"), routines.Date{Year: 2026, Month: time.December, Day: 2})
	walkNodes(pageNode(t, b), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		switch n.Data {
		case "script", "link", "img", "iframe", "object", "embed", "video", "audio", "source":
			t.Errorf("the page has a <%s>", n.Data)
		}
		for _, a := range n.Attr {
			if a.Key == "src" || a.Key == "href" || strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has %s=%q", n.Data, a.Key, a.Val)
			}
		}
	})
	for _, bad := range []string{"url(", "@import", "http://", "https://"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, want := range []string{`<meta name="viewport"`, "@media screen and (max-width:760px)", "@media print", "print-color-adjust:exact"} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

// TestWeekHTMLContent checks the timetable holds every timed slot of the
// plan on its day and rows, the legend names each theme once, and the bar
// chart has a bar per theme with hours.
func TestWeekHTMLContent(t *testing.T) {
	o := exampleOS(t, "calendar-first")
	day := routines.Date{Year: 2026, Month: time.December, Day: 2}
	plan := o.Week(day)
	doc := pageNode(t, weekPageBytes(t, o, day))
	type found struct{ text, style, class string }
	var slots []found
	var legend, bars []string
	walkNodes(doc, func(n *html.Node) {
		switch {
		case hasClass(n, "slot"):
			slots = append(slots, found{textOf(n), attr(n, "style"), attr(n, "class")})
		case n.Data == "li" && n.Parent != nil && hasClass(n.Parent, "legend"):
			legend = append(legend, textOf(n))
		case hasClass(n, "bar-name"):
			bars = append(bars, textOf(n))
		}
	})
	want := 0
	for i, d := range plan.Days {
		for _, s := range d.Slots {
			if s.AllDay {
				continue
			}
			want++
			col := fmt.Sprintf("grid-column:%d;", i+2)
			ok := false
			for _, f := range slots {
				if strings.Contains(f.text, s.Title) && strings.Contains(f.style, col) && strings.Contains(f.class, string(s.Kind)) {
					ok = true
				}
			}
			if !ok {
				t.Errorf("no %s %q on %s (column %d)", s.Kind, s.Title, d.Date, i+2)
			}
		}
	}
	if len(slots) != want {
		t.Errorf("%d slots on the timetable, want %d", len(slots), want)
	}
	if got := strings.Join(legend, "|"); got != "Secure software supply chains|Teach in public|Finish strong" {
		t.Errorf("legend %q, want the three themes in themes.toml order", got)
	}
	if len(bars) != 3 {
		t.Errorf("%d bars, want 3: %q", len(bars), bars)
	}
}

func TestWeekHTMLLanesAndAllDay(t *testing.T) {
	files := map[string][]byte{
		routines.FileOS:     []byte("name = \"Lanes\"\ntimezone = \"Europe/Helsinki\"\n"),
		routines.FileThemes: []byte("[[theme]]\nid = \"a\"\ntitle = \"Alpha\"\n\n[[theme]]\nid = \"b\"\ntitle = \"Beta\"\n"),
		routines.FileCalendar: []byte(`[[block]]
id = "long"
title = "Long block"
days = ["mon"]
start = "09:00"
end = "12:00"
theme = "a"

[[event]]
id = "clash"
title = "Clashing <event> & more"
date = 2026-06-01
start = "10:00"
end = "11:00"
theme = "b"

[[event]]
id = "trip"
title = "Trip"
date = 2026-06-02
theme = "b"
`),
	}
	o, err := routines.LoadFiles(files)
	if err != nil {
		t.Fatal(err)
	}
	b := weekPageBytes(t, o, routines.Date{Year: 2026, Month: time.June, Day: 1})
	s := string(b)
	for _, want := range []string{
		"margin-left:0%;width:50%",  // the block, left half
		"margin-left:50%;width:50%", // the event beside it
		`Clashing &lt;event&gt; &amp; more`,
		`<div class="alllabel">all day</div>`,
		`title="Trip (all day)">Trip</div>`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(s, "<event>") {
		t.Errorf("a title went into the page unescaped")
	}
}

func TestThemeColors(t *testing.T) {
	o := exampleOS(t, "tasks-first")
	colors := ThemeColors(o)
	seen := map[string]string{}
	for _, th := range o.Themes {
		c, ok := colors[th.ID]
		if !ok {
			t.Errorf("theme %s has no colour", th.ID)
		}
		if other, dup := seen[c]; dup {
			t.Errorf("themes %s and %s are both %s", other, th.ID, c)
		}
		seen[c] = th.ID
	}
	// The same theme keeps its colour when another theme is added after it.
	more := *o
	more.Themes = append(append([]routines.Theme{}, o.Themes...), routines.Theme{ID: "new", Title: "New"})
	for _, th := range o.Themes {
		if got := ThemeColors(&more)[th.ID]; got != colors[th.ID] {
			t.Errorf("theme %s: colour %s became %s when a theme was added", th.ID, colors[th.ID], got)
		}
	}
}

func TestTint(t *testing.T) {
	tests := []struct {
		hex    string
		amount float64
		want   string
	}{
		{"#000000", 0, "#ffffff"},
		{"#000000", 1, "#000000"},
		{"#ff0000", 0.5, "#ff8080"},
		{"bad", 0.5, "#ffffff"},
	}
	for _, tt := range tests {
		if got := tint(tt.hex, tt.amount); got != tt.want {
			t.Errorf("tint(%s, %v): got %s, want %s", tt.hex, tt.amount, got, tt.want)
		}
	}
}

// findChromium is the headless browser the screenshot test uses.
func findChromium() (string, error) {
	var errs []error
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		p, err := exec.LookPath(name)
		if err == nil {
			return p, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}

// TestWeekHTMLInChromium renders the page in headless Chromium, wide and
// phone-sized, and checks the screenshots are not blank: many colours,
// and every theme colour of the legend on screen.
func TestWeekHTMLInChromium(t *testing.T) {
	bin, err := findChromium()
	if err != nil {
		t.Skip("chromium not found: ", err)
	}
	o := exampleOS(t, "calendar-first")
	dir := t.TempDir()
	page := filepath.Join(dir, "week.html")
	if err := os.WriteFile(page, weekPageBytes(t, o, routines.Date{Year: 2026, Month: time.December, Day: 2}), 0o644); err != nil {
		t.Fatal(err)
	}
	colors := ThemeColors(o)
	for _, size := range []string{"1200,900", "390,844"} {
		t.Run(size, func(t *testing.T) {
			shot := filepath.Join(dir, "shot-"+strings.Replace(size, ",", "x", 1)+".png")
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
				"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--hide-scrollbars", "--force-device-scale-factor=1",
				"--user-data-dir="+filepath.Join(dir, "profile-"+size), "--screenshot="+shot, "--window-size="+size,
				"file://"+page)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("chromium: %v\n%s", err, out)
			}
			f, err := os.Open(shot)
			if err != nil {
				t.Fatalf("no screenshot: %v\n%s", err, out)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatalf("decode the screenshot: %v", err)
			}
			counts := pixelColors(img)
			if len(counts) < 50 {
				t.Errorf("the screenshot has %d colours, want many more: is it blank?", len(counts))
			}
			bg := 0
			for c, n := range counts {
				if c == [3]uint8{0xfa, 0xfa, 0xf8} || c == [3]uint8{0xff, 0xff, 0xff} {
					bg += n
				}
			}
			if total := img.Bounds().Dx() * img.Bounds().Dy(); bg > total*97/100 {
				t.Errorf("%d of %d pixels are background: the page looks blank", bg, total)
			}
			for _, th := range o.Themes {
				var r, g, b uint8
				fmt.Sscanf(colors[th.ID], "#%02x%02x%02x", &r, &g, &b)
				if n := nearCount(counts, [3]uint8{r, g, b}, 4); n < 40 {
					t.Errorf("theme %s's colour %s shows in %d pixels, want it in the legend and the timetable", th.ID, colors[th.ID], n)
				}
			}
		})
	}
}

func pixelColors(img image.Image) map[[3]uint8]int {
	counts := map[[3]uint8]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[[3]uint8{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8)}]++
		}
	}
	return counts
}

// nearCount is how many pixels are within tol of c in every channel.
func nearCount(counts map[[3]uint8]int, c [3]uint8, tol int) int {
	n := 0
	for k, v := range counts {
		ok := true
		for i := range 3 {
			if d := int(k[i]) - int(c[i]); d > tol || d < -tol {
				ok = false
			}
		}
		if ok {
			n += v
		}
	}
	return n
}

func BenchmarkWeekHTML(b *testing.B) {
	o := exampleOS(b, "calendar-first")
	plan := o.Week(routines.Date{Year: 2026, Month: time.December, Day: 2})
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := WeekHTML(&buf, o, plan); err != nil {
			b.Fatal(err)
		}
	}
}
