package format

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/sfnsim/sfnsim/lint"
)

// GitHub writes one GitHub Actions workflow command per diagnostic, which
// the runner turns into an annotation on the file (conventions §3):
//
//	::error file=infra/sm.asl.json,line=9,col=16,endLine=9,endColumn=27,title=DMAP015::label "has space" …
//
// Info findings are notices. GitHub keeps at most 10 annotations of each
// kind per step (50 per job) and drops the rest silently, so callers should
// print the text report too. File paths should be repository-relative (see
// RelativeTo).
func GitHub(w io.Writer, ds []lint.Diagnostic) error {
	bw := bufio.NewWriter(w)
	for _, d := range sorted(ds) {
		e := end(&d)
		fmt.Fprintf(bw, "::%s file=%s,line=%d", githubCommand(d.Severity), escapeProperty(d.File), d.Start.Line)
		// Columns only when the range is on one line: GitHub's annotation
		// API rejects start and end columns on different lines.
		if e.Line == d.Start.Line {
			fmt.Fprintf(bw, ",col=%d,endLine=%d,endColumn=%d", d.Start.Col, e.Line, max(e.Col, d.Start.Col+1))
		} else {
			fmt.Fprintf(bw, ",endLine=%d", e.Line)
		}
		fmt.Fprintf(bw, ",title=%s::%s\n", escapeProperty(d.Rule.ID), escapeData(d.Message))
	}
	return bw.Flush()
}

func githubCommand(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "notice"
}

// escapeData escapes a workflow command's message (GH-CMD, actions/toolkit
// command.ts escapeData).
var dataEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")

// propertyEscaper additionally escapes the separators of the property list.
var propertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")

func escapeData(s string) string     { return dataEscaper.Replace(s) }
func escapeProperty(s string) string { return propertyEscaper.Replace(s) }

// MaxStepSummary is GitHub's limit on one step's summary ($GITHUB_STEP_SUMMARY).
const MaxStepSummary = 1 << 20

// StepSummary renders a markdown report for $GITHUB_STEP_SUMMARY: a headline
// with the counts and a table of every finding. When the table would make
// the report longer than limit bytes, the rows that do not fit are left out
// and a last line says how many.
func StepSummary(ds []lint.Diagnostic, sum Summary, limit int) []byte {
	var b strings.Builder
	errs, warns, infos := lint.Count(ds)
	fmt.Fprintf(&b, "### sfnsim lint\n\n")
	fmt.Fprintf(&b, "%s, %s, %s in %s (%s).\n", plural(errs, "error"), plural(warns, "warning"),
		plural(infos, "info"), plural(sum.Files, "file"), plural(sum.Definitions, "state machine"))
	if len(ds) == 0 {
		return []byte(b.String())
	}
	b.WriteString("\n| Severity | Location | Rule | Message |\n|:--|:--|:--|:--|\n")
	sd := sorted(ds)
	for i, d := range sd {
		row := fmt.Sprintf("| %s | `%s:%d:%d` | %s | %s |\n", d.Severity, markdownCode(d.File),
			d.Start.Line, d.Start.Col, d.Rule.ID, markdownCell(d.Message))
		// Keep room for the closing line.
		if b.Len()+len(row)+100 > limit {
			fmt.Fprintf(&b, "\n%s not shown: the summary is limited to %d bytes; the step's log has them all.\n",
				plural(len(sd)-i, "more finding"), limit)
			break
		}
		b.WriteString(row)
	}
	return []byte(b.String())
}

func plural(n int, noun string) string {
	if n == 1 || noun == "info" {
		return fmt.Sprintf("%d %s", n, noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// markdownCell makes text safe inside a table cell: one line, pipes escaped.
var markdownCellEscaper = strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;")

func markdownCell(s string) string { return markdownCellEscaper.Replace(oneLine(s)) }

// markdownCode makes text safe inside a `code span` within a table cell.
var markdownCodeEscaper = strings.NewReplacer("`", "'", "|", `\|`, "\r", " ", "\n", " ")

func markdownCode(s string) string { return markdownCodeEscaper.Replace(s) }
