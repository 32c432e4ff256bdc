package load

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/sfnsim/sfnsim/asl"
)

// tfSchema names the attributes of a Terraform state machine resource
// (Terraform AWS provider "aws_sfn_state_machine"; the awscc provider
// follows CloudFormation's property names).
type tfSchema struct {
	definition []string // in order of preference
	machine    string   // STANDARD | EXPRESS
	subs       string   // DefinitionSubstitutions, when the resource has them
}

var tfStateMachines = map[string]tfSchema{
	"aws_sfn_state_machine":             {definition: []string{"definition"}, machine: "type"},
	"awscc_stepfunctions_state_machine": {definition: []string{"definition_string", "definition"}, machine: "state_machine_type", subs: "definition_substitutions"},
}

// tfResourceRE finds a state machine resource without parsing: most .tf
// files have none and are skipped at once, broken or not.
var tfResourceRE = regexp.MustCompile(`resource\s+"(aws_sfn_state_machine|awscc_stepfunctions_state_machine)"`)

// maxTFDepth bounds the nesting of a jsonencode argument that is turned into
// JSON, like asl's parsers bound theirs.
const maxTFDepth = 1000

// tfFile is a Terraform configuration file being searched for state
// machines.
type tfFile struct {
	path string
	src  *asl.Source
}

// terraform extracts the definitions of the aws_sfn_state_machine (and
// awscc_stepfunctions_state_machine) resources of a .tf file, in source
// order. Definitions that are unknown before `terraform apply` (variables,
// locals, data sources) are skipped. A definition that cannot be parsed
// does not stop the others: they are returned with the joined
// *asl.SyntaxErrors.
func terraform(path string, text []byte) ([]*Definition, error) {
	if !tfResourceRE.Match(text) {
		return nil, nil
	}
	tf := &tfFile{path: path, src: asl.NewSource(path, text)}
	file, diags := hclsyntax.ParseConfig(text, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, tf.hclError(tf.src, diags, "invalid Terraform")
	}
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok {
		return nil, nil
	}
	var defs []*Definition
	var errs []error
	for _, b := range body.Blocks {
		if b.Type != "resource" || len(b.Labels) != 2 {
			continue
		}
		schema, ok := tfStateMachines[b.Labels[0]]
		if !ok {
			continue
		}
		def, err := tf.stateMachine(b, schema)
		if err != nil {
			errs = append(errs, err)
		}
		if def != nil {
			defs = append(defs, def)
		}
	}
	return defs, errors.Join(errs...)
}

// hclError is the first error of diags as a positioned syntax error in src.
func (tf *tfFile) hclError(src *asl.Source, diags hcl.Diagnostics, what string) error {
	for _, d := range diags {
		if d.Severity != hcl.DiagError {
			continue
		}
		pos := asl.Pos{Line: 1, Col: 1}
		if d.Subject != nil {
			pos = src.PosAt(d.Subject.Start.Byte)
		}
		msg := what + ": " + lowerFirst(strings.TrimSuffix(d.Summary, "."))
		if detail, _, _ := strings.Cut(d.Detail, ". "); detail != "" {
			msg += "; " + lowerFirst(strings.TrimSuffix(detail, "."))
		}
		return &asl.SyntaxError{Path: src.Path, Pos: pos, Msg: msg}
	}
	return nil
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 || (size < len(s) && unicode.IsUpper(rune(s[size]))) {
		return s // empty, or an acronym such as "HCL"
	}
	return string(unicode.ToLower(r)) + s[size:]
}

// stateMachine extracts the definition of one resource block.
func (tf *tfFile) stateMachine(b *hclsyntax.Block, schema tfSchema) (*Definition, error) {
	attrs := b.Body.Attributes
	base := Definition{Path: tf.path, Resource: b.Labels[0] + "." + b.Labels[1]}
	if a := attrs[schema.machine]; a != nil {
		if s, ok := tfStaticString(a.Expr); ok {
			base.MachineType = strings.ToUpper(s)
		}
	}
	var subs map[string]string
	if a := attrs[schema.subs]; a != nil {
		subs = tfStaticObject(a.Expr)
	}
	for _, name := range schema.definition {
		if a := attrs[name]; a != nil {
			return tf.definition(base, a.Expr, subs)
		}
	}
	return nil, nil
}

// definition extracts a definition from the expression of the definition
// attribute: jsonencode({…}), a heredoc or quoted string, file(…) or
// templatefile(…). Other expressions are unknown at lint time.
func (tf *tfFile) definition(base Definition, expr hclsyntax.Expression, subs map[string]string) (*Definition, error) {
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		if len(e.Args) == 0 || e.ExpandFinal {
			return nil, nil
		}
		switch e.Name {
		case "jsonencode":
			obj, ok := unparen(e.Args[0]).(*hclsyntax.ObjectConsExpr)
			if !ok || len(e.Args) != 1 {
				return nil, nil
			}
			m := &mappedText{}
			tf.json(m, obj, 0)
			return parseEmbedded(&base, substitute(m, subs), tf.src, e.Range().Start.Byte)
		case "file", "templatefile":
			return tf.definitionFile(base, e, subs)
		}
	case *hclsyntax.TemplateExpr:
		m, directives := templateText(tf.src.Text, e.Parts, stringQuoting(tf.src.Text, e.SrcRange), nil)
		def, err := parseEmbedded(&base, substitute(m, subs), tf.src, e.Range().Start.Byte)
		if err != nil && directives {
			// %{ if } and %{ for } build the text at apply time: when the
			// placeholders do not leave JSON, the definition is unknown.
			return nil, nil
		}
		return def, err
	}
	return nil, nil
}

// definitionFile lints the file that file(path) or templatefile(path, vars)
// reads. path.module is the folder of the .tf file.
func (tf *tfFile) definitionFile(base Definition, call *hclsyntax.FunctionCallExpr, subs map[string]string) (*Definition, error) {
	arg := call.Args[0]
	p, ok := tf.pathArg(arg)
	if !ok {
		return nil, nil
	}
	text, err := readReferenced(p)
	if err != nil {
		lit := string(arg.Range().SliceBytes(tf.src.Text))
		return nil, unreadable(tf.path, tf.src.PosAt(arg.Range().Start.Byte), call.Name+"() of "+base.Resource, strings.Trim(lit, `"`), err)
	}
	if call.Name == "file" {
		return loadReferenced(p, text, base, subs)
	}
	var vars map[string]string
	if len(call.Args) > 1 {
		vars = tfStaticObject(call.Args[1])
	}
	src := asl.NewSource(p, text)
	expr, diags := hclsyntax.ParseTemplate(text, p, hcl.InitialPos)
	if diags.HasErrors() {
		return nil, tf.hclError(src, diags, "invalid template")
	}
	t, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok {
		return nil, nil
	}
	m, directives := templateText(text, t.Parts, unquoted, vars)
	base.Path = p
	def, err := parseEmbedded(&base, substitute(m, subs), src, 0)
	if err != nil && directives {
		return nil, nil
	}
	return def, err
}

// pathArg resolves the path argument of file() or templatefile(): a string
// made of literals, path.module and path.root. Terraform resolves relative
// paths from the working directory, which for a root module is the .tf
// file's folder.
func (tf *tfFile) pathArg(e hclsyntax.Expression) (string, bool) {
	t, ok := e.(*hclsyntax.TemplateExpr)
	if !ok {
		return "", false
	}
	var b strings.Builder
	fromModule := false
	for _, part := range t.Parts {
		switch part := part.(type) {
		case *hclsyntax.LiteralValueExpr:
			s, ok := ctyString(part.Val)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		case *hclsyntax.ScopeTraversalExpr:
			tr := part.Traversal
			if len(tr) != 2 || tr.RootName() != "path" {
				return "", false
			}
			attr, ok := tr[1].(hcl.TraverseAttr)
			if !ok || (attr.Name != "module" && attr.Name != "root") {
				return "", false
			}
			b.WriteString(filepath.Dir(tf.path))
			fromModule = true
		default:
			return "", false
		}
	}
	if fromModule {
		return filepath.Clean(b.String()), b.Len() > 0
	}
	return referencedPath(tf.path, b.String())
}

func unparen(e hclsyntax.Expression) hclsyntax.Expression {
	for {
		p, ok := e.(*hclsyntax.ParenthesesExpr)
		if !ok {
			return e
		}
		e = p.Expression
	}
}

// stringQuoting is how the string template at r is written: a heredoc has
// no backslash escapes, a quoted string does.
func stringQuoting(src []byte, r hcl.Range) quoting {
	if r.Start.Byte < len(src) && src[r.Start.Byte] == '"' {
		return hclQuoted
	}
	return unquoted
}

// templateText is the text of a Terraform string template (a heredoc, a
// quoted string, a template file): literal parts traced to src,
// interpolations replaced by ${…} placeholders (or by the value of a known
// templatefile variable) and directives by ${%if …} placeholders. It
// reports whether the template has directives.
func templateText(src []byte, parts []hclsyntax.Expression, q quoting, vars map[string]string) (*mappedText, bool) {
	m := &mappedText{}
	directives := false
	for _, part := range parts {
		r := part.Range()
		if lit, ok := part.(*hclsyntax.LiteralValueExpr); ok {
			if s, ok := ctyString(lit.Val); ok {
				if !align(m, s, src, r.Start.Byte, q) {
					m.addApprox(s, r.Start.Byte, r.End.Byte)
				}
				continue
			}
		}
		from, to := interpolationRange(src, r)
		if from < len(src) && src[from] == '%' {
			directives = true
			m.addStandIn(placeholder("%"+directiveWord(src[from:to])), from, to)
			continue
		}
		if v, ok := vars[traversalName(part)]; ok {
			m.addStandIn(v, from, to)
			continue
		}
		m.addStandIn(placeholder(string(r.SliceBytes(src))), from, to)
	}
	return m, directives
}

// interpolationRange widens the range of an interpolated expression to its
// ${ and } (with strip markers); directives already include theirs.
func interpolationRange(src []byte, r hcl.Range) (int, int) {
	from, to := r.Start.Byte, r.End.Byte
	if from < 0 || to > len(src) || from > to {
		return min(max(from, 0), len(src)), min(max(to, 0), len(src))
	}
	i := from
	for i > 0 && (isBlank(src[i-1]) || src[i-1] == '~') {
		i--
	}
	if i >= 2 && src[i-1] == '{' && src[i-2] == '$' {
		from = i - 2
	}
	j := to
	for j < len(src) && (isBlank(src[j]) || src[j] == '~') {
		j++
	}
	if j < len(src) && src[j] == '}' {
		to = j + 1
	}
	return from, to
}

// directiveWord is the opening tag of a directive without its delimiters:
// "if var.x" for %{ if var.x ~}.
func directiveWord(s []byte) string {
	end := len(s)
	for i, c := range s {
		if c == '}' {
			end = i
			break
		}
	}
	return strings.Trim(string(s[min(2, end):end]), " \t\r\n~")
}

// traversalName is the name of a bare variable reference (${name}), or "".
func traversalName(e hclsyntax.Expression) string {
	if t, ok := e.(*hclsyntax.ScopeTraversalExpr); ok && len(t.Traversal) == 1 {
		return t.Traversal.RootName()
	}
	return ""
}

// json writes the JSON that jsonencode makes of e, traced to the .tf file:
// keys and strings letter by letter, other values as a whole. Values known
// only at apply time (aws_lambda_function.f.arn, var.x, function calls)
// become placeholder strings "${aws_lambda_function.f.arn}".
func (tf *tfFile) json(m *mappedText, e hclsyntax.Expression, depth int) {
	src := tf.src.Text
	r := e.Range()
	if depth > maxTFDepth {
		m.addStandIn(`"`+placeholder("…")+`"`, r.Start.Byte, r.End.Byte)
		return
	}
	switch e := e.(type) {
	case *hclsyntax.ParenthesesExpr:
		tf.json(m, e.Expression, depth+1)
	case *hclsyntax.ObjectConsExpr:
		m.addStandIn("{", r.Start.Byte, r.Start.Byte+1)
		for i, item := range e.Items {
			k := item.KeyExpr.Range()
			if i > 0 {
				m.addStandIn(",", k.Start.Byte, k.Start.Byte)
			}
			tf.jsonKey(m, item.KeyExpr)
			v := item.ValueExpr.Range()
			m.addStandIn(":", v.Start.Byte, v.Start.Byte)
			tf.json(m, item.ValueExpr, depth+1)
		}
		m.addStandIn("}", r.End.Byte-1, r.End.Byte)
	case *hclsyntax.TupleConsExpr:
		m.addStandIn("[", r.Start.Byte, r.Start.Byte+1)
		for i, x := range e.Exprs {
			if i > 0 {
				m.addStandIn(",", x.Range().Start.Byte, x.Range().Start.Byte)
			}
			tf.json(m, x, depth+1)
		}
		m.addStandIn("]", r.End.Byte-1, r.End.Byte)
	case *hclsyntax.LiteralValueExpr:
		tf.jsonLiteral(m, e.Val, "", r)
	case *hclsyntax.UnaryOpExpr:
		if lit, ok := e.Val.(*hclsyntax.LiteralValueExpr); ok && e.Op == hclsyntax.OpNegate && lit.Val.Type() == cty.Number {
			tf.jsonLiteral(m, lit.Val, "-", r)
			return
		}
		tf.jsonPlaceholder(m, r)
	case *hclsyntax.TemplateExpr:
		val, _ := templateText(src, e.Parts, stringQuoting(src, r), nil)
		jsonString(m, val, r)
	default:
		tf.jsonPlaceholder(m, r)
	}
}

// jsonKey writes an object key: a bare name, a quoted string, or a
// placeholder for a key computed at apply time ((var.name) = …).
func (tf *tfFile) jsonKey(m *mappedText, e hclsyntax.Expression) {
	r := e.Range()
	if k, ok := e.(*hclsyntax.ObjectConsKeyExpr); ok {
		if name := traversalName(k.Wrapped); name != "" && !k.ForceNonLiteral {
			m.addStandIn(`"`, r.Start.Byte, r.Start.Byte)
			m.addLiteral(name, r.Start.Byte)
			m.addStandIn(`"`, r.End.Byte, r.End.Byte)
			return
		}
		e = k.Wrapped
	}
	if t, ok := e.(*hclsyntax.TemplateExpr); ok {
		val, _ := templateText(tf.src.Text, t.Parts, stringQuoting(tf.src.Text, t.SrcRange), nil)
		jsonString(m, val, t.SrcRange)
		return
	}
	tf.jsonPlaceholder(m, e.Range())
}

// jsonLiteral writes a number, bool or null; a number keeps the text it is
// written with when that is valid JSON.
func (tf *tfFile) jsonLiteral(m *mappedText, v cty.Value, sign string, r hcl.Range) {
	text := "null"
	switch {
	case v.IsNull() || !v.IsKnown():
	case v.Type() == cty.Bool:
		text = "false"
		if v.True() {
			text = "true"
		}
	case v.Type() == cty.Number:
		lit := strings.TrimPrefix(string(r.SliceBytes(tf.src.Text)), "-")
		if json.Valid([]byte(lit)) && lit != "" && lit[0] >= '0' && lit[0] <= '9' {
			text = sign + lit
		} else {
			f := v.AsBigFloat()
			if f.IsInt() {
				text = sign + f.Text('f', 0)
			} else {
				text = sign + f.Text('g', -1)
			}
		}
	case v.Type() == cty.String:
		val := &mappedText{}
		val.addApprox(v.AsString(), r.Start.Byte, r.End.Byte)
		jsonString(m, val, r)
		return
	default:
		tf.jsonPlaceholder(m, r)
		return
	}
	m.addStandIn(text, r.Start.Byte, r.End.Byte)
}

func (tf *tfFile) jsonPlaceholder(m *mappedText, r hcl.Range) {
	m.addStandIn(`"`+placeholder(string(r.SliceBytes(tf.src.Text)))+`"`, r.Start.Byte, r.End.Byte)
}

// jsonString writes val as a JSON string whose quotes stand for the ends of
// r, the HCL string: each escaped character stands for its source.
func jsonString(m *mappedText, val *mappedText, r hcl.Range) {
	var edits []edit
	for i, c := range val.text {
		var esc string
		switch {
		case c == '"':
			esc = `\"`
		case c == '\\':
			esc = `\\`
		case c == '\n':
			esc = `\n`
		case c == '\r':
			esc = `\r`
		case c == '\t':
			esc = `\t`
		case c < 0x20:
			esc = fmt.Sprintf(`\u%04x`, c)
		default:
			continue
		}
		edits = append(edits, edit{start: i, end: i + 1, text: esc})
	}
	m.addStandIn(`"`, r.Start.Byte, r.Start.Byte+1)
	m.appendText(val.rewrite(edits))
	m.addStandIn(`"`, max(r.End.Byte-1, r.Start.Byte), r.End.Byte)
}

// ctyString is the value of a known string literal.
func ctyString(v cty.Value) (string, bool) {
	if v.IsNull() || !v.IsKnown() || v.Type() != cty.String {
		return "", false
	}
	return v.AsString(), true
}

// tfStaticString is the value of a string written as a literal.
func tfStaticString(e hclsyntax.Expression) (string, bool) {
	switch e := e.(type) {
	case *hclsyntax.LiteralValueExpr:
		return ctyString(e.Val)
	case *hclsyntax.TemplateExpr:
		var b strings.Builder
		for _, p := range e.Parts {
			lit, ok := p.(*hclsyntax.LiteralValueExpr)
			if !ok {
				return "", false
			}
			s, ok := ctyString(lit.Val)
			if !ok {
				return "", false
			}
			b.WriteString(s)
		}
		return b.String(), true
	}
	return "", false
}

// tfStaticObject is the known members of an object written as literals:
// string, number and bool values under literal keys, as text.
func tfStaticObject(e hclsyntax.Expression) map[string]string {
	obj, ok := unparen(e).(*hclsyntax.ObjectConsExpr)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, item := range obj.Items {
		key, ok := "", false
		if k, isKey := item.KeyExpr.(*hclsyntax.ObjectConsKeyExpr); isKey {
			if key = traversalName(k.Wrapped); key != "" && !k.ForceNonLiteral {
				ok = true
			} else {
				key, ok = tfStaticString(k.Wrapped)
			}
		}
		if !ok {
			continue
		}
		if s, ok := tfStaticString(item.ValueExpr); ok {
			out[key] = s
			continue
		}
		if lit, isLit := item.ValueExpr.(*hclsyntax.LiteralValueExpr); isLit && lit.Val.IsKnown() && !lit.Val.IsNull() {
			switch lit.Val.Type() {
			case cty.Number:
				out[key] = lit.Val.AsBigFloat().Text('g', -1)
			case cty.Bool:
				out[key] = fmt.Sprint(lit.Val.True())
			}
		}
	}
	return out
}
