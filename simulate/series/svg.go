package series

import (
	"bufio"
	"html"
	"io"
	"strconv"
	"time"
)

// Chart geometry in SVG user units. Fixed sizes keep the output
// deterministic and let the HTML page lay out without scripts.
const (
	svgWidth  = 800
	svgHeight = 340
	plotLeft  = 64
	plotRight = svgWidth - 16
	plotTop   = 40
	plotBot   = 250
	failTop   = 258 // strip marking intervals with failures
	throtTop  = 272 // strip marking intervals with throttles
	stripH    = 10
	tickLabel = 302
)

const (
	colorRunning  = "#4e79a7"
	colorFailed   = "#e15759"
	colorThrottle = "#f28e2b"
)

// WriteSVG writes a self-contained SVG chart of pts: the peak running level
// as a filled area, the mean running level as a line, and strips below the
// time axis marking intervals with failures and throttles. It uses only a
// generic font family and no scripts or external references.
func WriteSVG(w io.Writer, pts []Point, title string) error {
	bw := bufio.NewWriter(w)
	writeSVG(bw, pts, title)
	return bw.Flush()
}

// chart maps simulated time and counts to SVG coordinates.
type chart struct {
	end time.Duration
	top int
}

func (c chart) x(t time.Duration) float64 {
	return plotLeft + float64(t)/float64(c.end)*(plotRight-plotLeft)
}

func (c chart) y(v float64) float64 {
	return plotBot - v/float64(c.top)*(plotBot-plotTop)
}

func writeSVG(bw *bufio.Writer, pts []Point, title string) {
	t := sum(pts)
	tick, top := countTick(t.peak)
	c := chart{end: max(t.end, time.Millisecond), top: top}
	esc := html.EscapeString(title)

	bw.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" width="800" height="340" viewBox="0 0 800 340" font-family="sans-serif" font-size="11" fill="#333">` + "\n")
	bw.WriteString("<title>" + esc + "</title>\n")
	bw.WriteString(`<rect width="800" height="340" fill="#fff"/>` + "\n")
	bw.WriteString(`<text x="64" y="22" font-size="14" font-weight="bold">` + esc + "</text>\n")
	writeLegend(bw)
	writeCountAxis(bw, c, tick)
	writeTimeAxis(bw, c)
	if len(pts) == 0 {
		bw.WriteString(`<text x="424" y="150" text-anchor="middle">no data</text>` + "\n")
	} else {
		writeArea(bw, c, pts)
		writeMeanLine(bw, c, pts)
		writeMarks(bw, c, pts, failTop, colorFailed, "failed", func(p Point) int64 { return p.Failed })
		writeMarks(bw, c, pts, throtTop, colorThrottle, "throttled", func(p Point) int64 { return p.Throttled })
	}
	bw.WriteString("</svg>\n")
}

func writeLegend(bw *bufio.Writer) {
	items := []struct{ color, label string }{
		{colorRunning, "running (peak)"},
		{"#1f3b5c", "running (mean)"},
		{colorFailed, "failed"},
		{colorThrottle, "throttled"},
	}
	x := 400
	for _, it := range items {
		bw.WriteString(`<rect x="` + strconv.Itoa(x) + `" y="13" width="10" height="10" fill="` + it.color + `"/>`)
		bw.WriteString(`<text x="` + strconv.Itoa(x+14) + `" y="22">` + it.label + "</text>\n")
		x += 24 + 7*len(it.label)
	}
}

func writeCountAxis(bw *bufio.Writer, c chart, tick int) {
	for v := 0; v <= c.top; v += tick {
		y := fixed(c.y(float64(v)))
		bw.WriteString(`<line x1="64" x2="784" y1="` + y + `" y2="` + y + `" stroke="#ddd"/>`)
		bw.WriteString(`<text x="58" y="` + y + `" dy="4" text-anchor="end">` + strconv.Itoa(v) + "</text>\n")
	}
	bw.WriteString(`<text x="16" y="145" transform="rotate(-90 16 145)" text-anchor="middle">children running</text>` + "\n")
}

func writeTimeAxis(bw *bufio.Writer, c chart) {
	bw.WriteString(`<line x1="64" x2="784" y1="250" y2="250" stroke="#333"/>` + "\n")
	bw.WriteString(`<text x="58" y="267" text-anchor="end">failed</text>` + "\n")
	bw.WriteString(`<text x="58" y="281" text-anchor="end">throttled</text>` + "\n")
	tick := timeTick(c.end)
	for t := time.Duration(0); t <= c.end; t += tick {
		x := fixed(c.x(t))
		bw.WriteString(`<line x1="` + x + `" x2="` + x + `" y1="250" y2="286" stroke="#999"/>`)
		bw.WriteString(`<text x="` + x + `" y="302" text-anchor="middle">` + shortDuration(t) + "</text>\n")
	}
	bw.WriteString(`<text x="424" y="326" text-anchor="middle">simulated time</text>` + "\n")
}

// writeArea draws the peak level as a step-shaped area, emitting a vertex
// only where the level changes to keep the path short.
func writeArea(bw *bufio.Writer, c chart, pts []Point) {
	w := step(pts)
	bw.WriteString(`<path fill="` + colorRunning + `" fill-opacity="0.35" stroke="` + colorRunning + `" d="M` + fixed(c.x(0)) + " " + fixed(plotBot))
	for i, p := range pts {
		if i > 0 && p.Running == pts[i-1].Running {
			continue
		}
		bw.WriteString("H" + fixed(c.x(p.T)) + "V" + fixed(c.y(float64(p.Running))))
	}
	bw.WriteString("H" + fixed(c.x(pts[len(pts)-1].T+w)) + "V" + fixed(plotBot) + `Z"/>` + "\n")
}

// writeMeanLine draws the time-weighted mean through interval midpoints.
func writeMeanLine(bw *bufio.Writer, c chart, pts []Point) {
	half := step(pts) / 2
	bw.WriteString(`<path fill="none" stroke="#1f3b5c" stroke-width="1.2" d="`)
	for i, p := range pts {
		if i == 0 {
			bw.WriteString("M")
		} else {
			bw.WriteString("L")
		}
		bw.WriteString(fixed(c.x(p.T+half)) + " " + fixed(c.y(p.MeanRunning)))
	}
	bw.WriteString(`"/>` + "\n")
}

// writeMarks draws one rectangle per run of consecutive intervals with a
// non-zero count, titled with the run's total so a hover shows it. Runs are
// at least one unit wide so a single failure in a long run stays visible.
func writeMarks(bw *bufio.Writer, c chart, pts []Point, top int, color, label string, count func(Point) int64) {
	w := step(pts)
	for i := 0; i < len(pts); {
		if count(pts[i]) == 0 {
			i++
			continue
		}
		j, n := i, int64(0)
		for ; j < len(pts) && count(pts[j]) > 0; j++ {
			n += count(pts[j])
		}
		x0, x1 := c.x(pts[i].T), c.x(pts[j-1].T+w)
		bw.WriteString(`<rect x="` + fixed(x0) + `" y="` + strconv.Itoa(top) + `" width="` + fixed(max(x1-x0, 1)) +
			`" height="` + strconv.Itoa(stripH) + `" fill="` + color + `"><title>` + strconv.FormatInt(n, 10) + " " + label +
			" " + shortDuration(pts[i].T) + "–" + shortDuration(pts[j-1].T+w) + "</title></rect>\n")
		i = j
	}
}
