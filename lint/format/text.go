package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/sfnsim/sfnsim/lint"
)

// TextOptions tune the text report.
type TextOptions struct {
	// Color marks the location bold and the rule id in its severity's
	// colour (ANSI escapes). Problem matchers that read the report should
	// tolerate the escapes or be given uncoloured output.
	Color bool
}

// ANSI SGR sequences used when colour is on.
const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
)

var severityColor = map[lint.Severity]string{lint.Error: ansiRed, lint.Warning: ansiYellow, lint.Info: ansiCyan}

// Text writes exactly one line per diagnostic (line breaks inside a message
// become spaces), `path:line:col: message [RULE]`,
// sorted by path, line, column, rule and message (conventions §1.1).
func Text(w io.Writer, ds []lint.Diagnostic, opts TextOptions) error {
	bw := bufio.NewWriter(w)
	for _, d := range sorted(ds) {
		d.Message = oneLine(d.Message)
		if opts.Color {
			fmt.Fprintf(bw, "%s%s:%d:%d:%s %s %s[%s]%s\n", ansiBold, d.File, d.Start.Line, d.Start.Col, ansiReset,
				d.Message, severityColor[d.Severity], d.Rule.ID, ansiReset)
			continue
		}
		fmt.Fprintf(bw, "%s:%d:%d: %s [%s]\n", d.File, d.Start.Line, d.Start.Col, d.Message, d.Rule.ID)
	}
	return bw.Flush()
}

// oneLine joins the lines of s with spaces, so that a message never breaks
// a line-oriented format.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var parts []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, " ")
}
