package format

import (
	"encoding/json"
	"io"

	"github.com/sfnsim/sfnsim/lint"
)

// JSONVersion is the version of the JSON document's shape. It changes only
// when a field is removed or changes meaning; new fields may appear without
// a new version.
const JSONVersion = "1"

type jsonReport struct {
	Version     string           `json:"version"`
	Tool        jsonTool         `json:"tool"`
	Diagnostics []jsonDiagnostic `json:"diagnostics"`
	Summary     jsonSummary      `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonDiagnostic struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
	Pointer   string `json:"pointer"`
	Rule      string `json:"rule"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	AWSCode   string `json:"awsCode,omitempty"`
}

type jsonSummary struct {
	Error       int `json:"error"`
	Warning     int `json:"warning"`
	Info        int `json:"info"`
	Files       int `json:"files"`
	Definitions int `json:"definitions"`
}

// JSON writes one versioned document: the tool, the diagnostics (an array of
// objects with file, line, column, endLine, endColumn, pointer, rule,
// severity, message and, when AWS has one, awsCode) and a summary of counts.
// Columns count code points; endColumn is the column just after the last
// character. The shape is documented in README.md ("JSON").
func JSON(w io.Writer, ds []lint.Diagnostic, tool Tool, sum Summary) error {
	r := jsonReport{
		Version:     JSONVersion,
		Tool:        jsonTool{Name: tool.Name, Version: tool.Version},
		Diagnostics: []jsonDiagnostic{},
		Summary:     jsonSummary{Files: sum.Files, Definitions: sum.Definitions},
	}
	r.Summary.Error, r.Summary.Warning, r.Summary.Info = lint.Count(ds)
	for _, d := range sorted(ds) {
		e := end(&d)
		r.Diagnostics = append(r.Diagnostics, jsonDiagnostic{
			File: d.File, Line: d.Start.Line, Column: d.Start.Col, EndLine: e.Line, EndColumn: e.Col,
			Pointer: d.Pointer, Rule: d.Rule.ID, Severity: d.Severity.String(), Message: d.Message,
			AWSCode: d.Rule.AWSCode,
		})
	}
	return encodeJSON(w, r)
}

// encodeJSON writes v indented, without HTML escaping: the output is read by
// programs and people, never embedded in a web page.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
