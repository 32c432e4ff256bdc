package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/sfnsim/sfnsim/lint"
)

// explainWidth is the column the documentation text is wrapped at.
const explainWidth = 80

// Explain writes a rule's documentation for a terminal: id, name, severity,
// AWS code, summary, the explanation, a bad and a good example, tags and
// the source the rule follows (staticcheck's -explain, sfnsim explain ID).
func Explain(w io.Writer, r *lint.Rule) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s %s (%s)\n", r.ID, r.Name, r.Severity)
	if r.AWSCode != "" {
		fmt.Fprintf(bw, "AWS code: %s\n", r.AWSCode)
	}
	fmt.Fprintf(bw, "\n%s\n", wrap(r.Summary, explainWidth))
	if r.Doc != "" {
		fmt.Fprintf(bw, "\n%s\n", wrap(r.Doc, explainWidth))
	}
	example := func(title, text string) {
		if text == "" {
			return
		}
		if r.ExampleType != "" {
			title += " (" + r.ExampleType + " machine)"
		}
		fmt.Fprintf(bw, "\n%s:\n%s\n", title, indentLines(indentJSON(text), "    "))
	}
	example("Bad", r.Bad)
	example("Good", r.Good)
	if len(r.Tags) > 0 {
		fmt.Fprintf(bw, "\nTags: %s\n", strings.Join(r.Tags, ", "))
	}
	if r.Source != "" {
		fmt.Fprintf(bw, "Source: %s\n", r.Source)
	}
	return bw.Flush()
}

// RuleList writes a table of rules: id, severity and summary.
func RuleList(w io.Writer, rules []*lint.Rule) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSUMMARY")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	return tw.Flush()
}

// wrap breaks text into lines of at most width code points at spaces; a
// word longer than width stays whole. Existing line breaks are kept.
func wrap(text string, width int) string {
	var b strings.Builder
	for i, para := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		n := 0
		for j, word := range strings.Fields(para) {
			wl := len([]rune(word))
			if j > 0 && n+1+wl > width {
				b.WriteByte('\n')
				n = 0
			} else if j > 0 {
				b.WriteByte(' ')
				n++
			}
			b.WriteString(word)
			n += wl
		}
	}
	return b.String()
}

func indentLines(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
