package lint

import "github.com/sfnsim/sfnsim/asl"

var ruleSyntax = register(&Rule{
	ID: "ASL001", Name: "syntax", Severity: Error, AWSCode: "INVALID_JSON_DESCRIPTION",
	Summary: "the file is not well-formed JSON or YAML",
	Doc: "The definition could not be parsed. AWS rejects it with INVALID_JSON_DESCRIPTION. " +
		"The message gives the place and what was expected there. sfnsim lint exits with code 2 on such a file.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Succeed"},}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}`,
	Tags:   []string{"syntax"},
	Source: "AWS API reference: ValidateStateMachineDefinition",
})

var ruleDuplicateKey = register(&Rule{
	ID: "ASL002", Name: "duplicate-key", Severity: Error, AWSCode: "INVALID_JSON_DESCRIPTION",
	Summary: "a key is written twice in one object",
	Doc: "JSON objects must not repeat a key. Many parsers (Go's, JavaScript's) silently keep the last " +
		"value, so the first one is lost without a word; AWS's parser rejects the definition. " +
		"Remove one of the two, or merge them.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B", "Next": "C"}, "B": {"Type": "Succeed"}, "C": {"Type": "Succeed"}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Succeed"}}}`,
	Tags:   []string{"syntax"},
	Source: "RFC 8259 §4 (names SHOULD be unique); observed AWS behaviour",
})

func init() {
	addCheck(check{machine: func(p *Pass) {
		for _, d := range p.Def.Duplicates() {
			ptr := d.Object.Pointer() + "/" + asl.EscapePointerToken(d.Key)
			p.ReportRange(ruleDuplicateKey, ptr, d.Second,
				"key "+quote(d.Key)+" is repeated (first at "+p.where(d.First)+"); the earlier value is ignored, remove one of them")
		}
	}})
}
