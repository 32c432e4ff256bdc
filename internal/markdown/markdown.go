// Package markdown escapes text for the GitHub-flavoured markdown that
// reports render for pull-request comments.
package markdown

import "strings"

// Cell escapes text for a table cell: a | would end the cell, a line break
// the row.
func Cell(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}

// Code renders a name as inline code with a fence longer than any run of
// backticks inside it (CommonMark), escaped for a table cell.
func Code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + Cell(s) + pad + fence
}
