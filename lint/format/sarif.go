package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/lint"
)

// SARIF 2.1.0 as GitHub code scanning reads it (conventions §2). A small
// hand-written struct set instead of a dependency. GitHub's quirks worth
// knowing when changing it:
//   - required: log.version, runs[]; run.tool.driver.{name,rules}, run.results
//     (present even when empty); rule.id, shortDescription.text,
//     fullDescription.text (≤ 1,024 characters each), help.text;
//     result.message.text and at least one location (only the first is used).
//   - rule.name must differ from rule.id or be omitted.
//   - message.markdown is ignored and line breaks in message.text are
//     stripped; help.markdown is shown instead of help.text.
//   - columns count code points (columnKind unicodeCodePoints, the default);
//     endColumn is the column after the last character.
//   - partialFingerprints are computed by the upload action when absent.
//   - a SARIF with only warnings does not fail a check by default.

const (
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
	sarifVersion = "2.1.0"
	// srcRoot is the uriBaseId that GitHub resolves to the checkout root.
	srcRoot = "%SRCROOT%"
	// maxDescription is GitHub's limit on short and full descriptions.
	maxDescription = 1024
)

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool              `json:"tool"`
	AutomationDetails sarifAutomationDetails `json:"automationDetails"`
	ColumnKind        string                 `json:"columnKind"`
	Results           []sarifResult          `json:"results"`
	Invocations       []sarifInvocation      `json:"invocations,omitempty"`
}

// sarifInvocation carries the notice that results were left out.
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level   string    `json:"level"`
	Message sarifText `json:"message"`
}

// MaxSARIFResults is the number of results GitHub code scanning accepts in
// one run (GitHub Docs, "SARIF support for code scanning": upload limits).
const MaxSARIFResults = 25000

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name            string      `json:"name"`
	Version         string      `json:"version,omitempty"`
	SemanticVersion string      `json:"semanticVersion,omitempty"`
	InformationURI  string      `json:"informationUri,omitempty"`
	Rules           []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name,omitempty"`
	ShortDescription     sarifText          `json:"shortDescription"`
	FullDescription      sarifText          `json:"fullDescription"`
	Help                 sarifMultiformat   `json:"help"`
	DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
	Properties           sarifRuleProps     `json:"properties"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifMultiformat struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifConfiguration struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags []string `json:"tags"`
	// AWSCode is the ValidateStateMachineDefinition code of the same problem.
	AWSCode string `json:"awsCode,omitempty"`
}

type sarifAutomationDetails struct {
	ID string `json:"id"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations"`
	Properties sarifResultProp `json:"properties"`
}

type sarifResultProp struct {
	// Pointer is the RFC 6901 pointer into the definition: the finding's
	// stable identity, whichever file and line holds it.
	Pointer string `json:"pointer,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           sarifRegion           `json:"region"`
}

type sarifArtifactLocation struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

// SARIF writes a SARIF 2.1.0 log with one run. driver.rules lists rules in
// the order given (normally lint.Rules(), so ruleIndex is stable), then any
// rule of a diagnostic that was not among them. File paths should be
// repository-relative (see RelativeTo); they become artifact URIs relative
// to %SRCROOT%.
func SARIF(w io.Writer, ds []lint.Diagnostic, rules []*lint.Rule, tool Tool) error {
	index := map[string]int{}
	run := sarifRun{
		Tool: sarifTool{Driver: sarifDriver{
			Name: tool.Name, Version: tool.Version, SemanticVersion: semanticVersion(tool.Version),
			InformationURI: tool.InformationURI, Rules: []sarifRule{},
		}},
		AutomationDetails: sarifAutomationDetails{ID: tool.Name + "/"},
		ColumnKind:        "unicodeCodePoints",
		Results:           []sarifResult{},
	}
	addRule := func(r *lint.Rule) int {
		if i, ok := index[r.ID]; ok {
			return i
		}
		index[r.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRuleOf(r))
		return index[r.ID]
	}
	for _, r := range rules {
		addRule(r)
	}
	kept, dropped := mostSevere(sorted(ds), MaxSARIFResults)
	if dropped > 0 {
		run.Invocations = []sarifInvocation{{ExecutionSuccessful: true, ToolExecutionNotifications: []sarifNotification{{
			Level: "warning",
			Message: sarifText{Text: fmt.Sprintf("%d less severe findings were left out: GitHub code scanning accepts at most %d results per run; run sfnsim lint with --format text or json to see them all",
				dropped, MaxSARIFResults)},
		}}}}
	}
	for _, d := range kept {
		e := end(&d)
		region := sarifRegion{StartLine: d.Start.Line, StartColumn: d.Start.Col, EndLine: e.Line, EndColumn: e.Col}
		if region.EndLine == region.StartLine && region.EndColumn <= region.StartColumn {
			// A point (a syntax error): show the one character there.
			region.EndColumn = region.StartColumn + 1
		}
		uri, base := artifactURI(d.File)
		run.Results = append(run.Results, sarifResult{
			RuleID:    d.Rule.ID,
			RuleIndex: addRule(d.Rule),
			Level:     sarifLevel(d.Severity),
			Message:   sarifText{Text: d.Message},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysicalLocation{
				ArtifactLocation: sarifArtifactLocation{URI: uri, URIBaseID: base},
				Region:           region,
			}}},
			Properties: sarifResultProp{Pointer: d.Pointer},
		})
	}
	return encodeJSON(w, sarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun{run}})
}

// mostSevere keeps at most limit findings, the most severe ones, in
// sorted order, and says how many it left out.
func mostSevere(ds []lint.Diagnostic, limit int) ([]lint.Diagnostic, int) {
	if len(ds) <= limit {
		return ds, 0
	}
	kept := slices.Clone(ds)
	slices.SortStableFunc(kept, func(a, b lint.Diagnostic) int { return int(b.Severity) - int(a.Severity) })
	kept = kept[:limit]
	lint.Sort(kept)
	return kept, len(ds) - limit
}

// sarifLevel maps a severity to a SARIF level: info is a "note".
func sarifLevel(s lint.Severity) string {
	switch s {
	case lint.Error:
		return "error"
	case lint.Warning:
		return "warning"
	}
	return "note"
}

func sarifRuleOf(r *lint.Rule) sarifRule {
	short := firstNonEmpty(r.Summary, r.Name, r.ID)
	full := firstNonEmpty(r.Doc, short)
	name := r.Name
	if name == r.ID {
		name = ""
	}
	tags := r.Tags
	if tags == nil {
		tags = []string{}
	}
	return sarifRule{
		ID:                   r.ID,
		Name:                 name,
		ShortDescription:     sarifText{Text: truncate(short, maxDescription)},
		FullDescription:      sarifText{Text: truncate(full, maxDescription)},
		Help:                 sarifMultiformat{Text: helpText(r, full), Markdown: helpMarkdown(r, full)},
		DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)},
		Properties:           sarifRuleProps{Tags: tags, AWSCode: r.AWSCode},
	}
}

func helpText(r *lint.Rule, doc string) string {
	var b strings.Builder
	b.WriteString(doc)
	if r.Bad != "" {
		fmt.Fprintf(&b, "\n\nBad:\n%s", indentJSON(r.Bad))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\n\nGood:\n%s", indentJSON(r.Good))
	}
	if r.Source != "" {
		fmt.Fprintf(&b, "\n\nSource: %s", r.Source)
	}
	fmt.Fprintf(&b, "\n\nRun `sfnsim explain %s` for this text in a terminal.", r.ID)
	return b.String()
}

func helpMarkdown(r *lint.Rule, doc string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (`%s`)", r.ID, r.Name)
	if r.AWSCode != "" {
		fmt.Fprintf(&b, ", AWS code `%s`", r.AWSCode)
	}
	fmt.Fprintf(&b, "\n\n%s", doc)
	if r.Bad != "" {
		fmt.Fprintf(&b, "\n\nBad:\n\n```json\n%s\n```", indentJSON(r.Bad))
	}
	if r.Good != "" {
		fmt.Fprintf(&b, "\n\nGood:\n\n```json\n%s\n```", indentJSON(r.Good))
	}
	if r.Source != "" {
		fmt.Fprintf(&b, "\n\nSource: %s", r.Source)
	}
	fmt.Fprintf(&b, "\n\nRun `sfnsim explain %s` for this text in a terminal.", r.ID)
	return b.String()
}

// indentJSON pretty-prints a rule example. Examples that are not JSON (the
// syntax rule's Bad example, YAML) are returned as written. Duplicate keys
// survive: json.Indent works on tokens, not on decoded values.
func indentJSON(s string) string {
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}

// artifactURI turns a repository-relative file path into a URI reference
// relative to %SRCROOT%. An absolute path becomes a file: URI of its own.
func artifactURI(path string) (uri, base string) {
	path = strings.ReplaceAll(path, `\`, "/")
	if strings.HasPrefix(path, "/") || (len(path) > 2 && path[1] == ':' && path[2] == '/') {
		if !strings.HasPrefix(path, "/") {
			path = "/" + path // file:///C:/…
		}
		return (&url.URL{Scheme: "file", Path: path}).String(), ""
	}
	return (&url.URL{Path: strings.TrimPrefix(path, "./")}).String(), srcRoot
}

var semverRE = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// semanticVersion returns v without its "v" prefix when it is a semantic
// version, else "" (a development build's "dev" or "(devel)").
func semanticVersion(v string) string {
	v = strings.TrimPrefix(v, "v")
	if semverRE.MatchString(v) {
		return v
	}
	return ""
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// truncate shortens s to at most n code points, ending with "…" when cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
