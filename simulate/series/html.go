package series

import (
	"bufio"
	"html"
	"io"
	"strconv"
)

// pageStyle is inlined so the page needs no network or sibling files.
const pageStyle = `body{font-family:sans-serif;margin:24px;color:#222}` +
	`table{border-collapse:collapse;margin-top:16px}` +
	`th,td{padding:4px 12px;border-bottom:1px solid #ddd}` +
	`th{text-align:left;font-weight:normal;color:#555}td{text-align:right}`

// WriteHTML writes a self-contained HTML page with the SVG chart of pts
// inlined and a table of totals. It loads no network resources.
func WriteHTML(w io.Writer, pts []Point, title string) error {
	bw := bufio.NewWriter(w)
	esc := html.EscapeString(title)
	bw.WriteString("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	bw.WriteString("<title>" + esc + "</title>\n<style>" + pageStyle + "</style>\n</head>\n<body>\n")
	bw.WriteString("<h1>" + esc + "</h1>\n")
	writeSVG(bw, pts, title)
	t := sum(pts)
	rows := []struct{ name, value string }{
		{"timeline span", shortDuration(t.end)}, // end of the last interval, not the last event
		{"peak running", strconv.Itoa(t.peak)},
		{"mean running over span", strconv.FormatFloat(t.meanRunning, 'f', 2, 64)},
		{"started", strconv.FormatInt(t.started, 10)},
		{"succeeded", strconv.FormatInt(t.succeeded, 10)},
		{"failed", strconv.FormatInt(t.failed, 10)},
		{"throttled", strconv.FormatInt(t.throttled, 10)},
	}
	bw.WriteString("<table>\n")
	for _, r := range rows {
		bw.WriteString("<tr><th>" + r.name + "</th><td>" + r.value + "</td></tr>\n")
	}
	bw.WriteString("</table>\n</body>\n</html>\n")
	return bw.Flush()
}
