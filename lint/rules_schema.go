package lint

import (
	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/schema"
)

var ruleSchema = register(&Rule{
	ID: "ASL003", Name: "schema", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "the definition does not match the Amazon States Language schema",
	Doc: "sfnsim validates every definition against its own JSON Schema of the Amazon States Language " +
		"(print it with `sfnsim schema`; editors can use it for completion). The schema checks the fields " +
		"each state type may have, their types and their allowed values. A field the schema does not know " +
		"is usually a typo; the message suggests the closest known name.",
	Bad:    `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Nxt": "B", "End": true}}}`,
	Good:   `{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}`,
	Tags:   []string{"correctness", "schema"},
	Source: "Amazon States Language specification; AWS Step Functions Developer Guide state pages",
})

func init() {
	addCheck(check{machine: checkSchema})
}

func checkSchema(p *Pass) {
	for _, v := range schema.Validate(p.Def.Root.Interface()) {
		n := p.Def.Root.Lookup(v.Pointer)
		if n != nil && n.Kind == asl.String && isPlaceholder(n.Str) && v.Keyword != "additionalProperties" {
			// A ${...} substitution stands for a value only the deployment
			// knows (a number in a Terraform heredoc, an ARN in SAM): it is
			// opaque, whatever type the field wants.
			continue
		}
		switch {
		case n != nil && n.Parent != nil && n.Parent.Kind == asl.Object && v.Keyword == "additionalProperties":
			// An unknown field: point at its key.
			p.ReportRange(ruleSchema, v.Pointer, n.Parent.Member(n.Key()).KeyRange, v.Message)
		case n != nil && n.Kind == asl.Object && n.Parent != nil && n.Parent.Kind == asl.Object:
			// Something missing from an object (a required field): point at
			// the object's name, not at its whole body.
			p.ReportRange(ruleSchema, v.Pointer, n.Parent.Member(n.Key()).KeyRange, v.Message)
		case n != nil:
			p.ReportRange(ruleSchema, v.Pointer, n.Range, v.Message)
		default:
			p.ReportRange(ruleSchema, v.Pointer, p.Def.Root.Range, v.Message)
		}
	}
}
