package load

import (
	"errors"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// The resource types that declare a state machine, and the properties that
// hold its definition and type (CloudFormation template reference
// "AWS::StepFunctions::StateMachine"; AWS SAM "AWS::Serverless::StateMachine").
const (
	cfnStateMachine = "AWS::StepFunctions::StateMachine"
	samStateMachine = "AWS::Serverless::StateMachine"
)

// pseudoParameters are the pseudo parameters whose value does not depend on
// the account or the Region of a deployment in the standard partition, so
// that "arn:${AWS::Partition}:states:::lambda:invoke" can be checked like
// the ARN it becomes. The others (AWS::Region, AWS::AccountId …) stay
// placeholders.
var pseudoParameters = map[string]string{
	"AWS::Partition": "aws",
	"AWS::URLSuffix": "amazonaws.com",
}

// template is a CloudFormation or SAM template (JSON or YAML) being searched
// for state machines.
type template struct {
	path string
	doc  *asl.Document
	src  *asl.Source
}

// cloudFormation extracts the definitions of the AWS::StepFunctions::
// StateMachine and AWS::Serverless::StateMachine resources of a template, in
// source order. A definition that cannot be parsed does not stop the others:
// they are returned with the joined *asl.SyntaxErrors.
func cloudFormation(path string, doc *asl.Document) ([]*Definition, error) {
	resources := doc.Root.Get("Resources")
	if resources == nil || resources.Kind != asl.Object {
		return nil, nil
	}
	t := &template{path: path, doc: doc, src: doc.Source}
	var defs []*Definition
	var errs []error
	for _, m := range resources.Members {
		def, err := t.stateMachine(m.Key, m.Value)
		if err != nil {
			errs = append(errs, err)
		}
		if def != nil {
			defs = append(defs, def)
		}
	}
	return defs, errors.Join(errs...)
}

// stateMachine extracts the definition of one resource, or nil when the
// resource is not a state machine or its definition is not in the template
// (in S3, or the result of an intrinsic function).
func (t *template) stateMachine(id string, r *asl.Node) (*Definition, error) {
	var typeKey, fileKey string
	switch r.GetString("Type") {
	case cfnStateMachine:
		typeKey, fileKey = "StateMachineType", "DefinitionS3Location"
	case samStateMachine:
		typeKey, fileKey = "Type", "DefinitionUri"
	default:
		return nil, nil
	}
	props := r.Get("Properties")
	machineType, _ := literalString(props.Get(typeKey))
	base := Definition{Path: t.path, MachineType: strings.ToUpper(machineType), Resource: id}
	subs := substitutions(props.Get("DefinitionSubstitutions"))

	if m := props.Member("Definition"); m != nil {
		if m.Value.Kind == asl.Object && !isIntrinsic(m.Value) {
			return t.definitionObject(base, m.Value, subs), nil
		}
		return t.definitionString(base, m, subs)
	}
	if m := props.Member("DefinitionString"); m != nil {
		return t.definitionString(base, m, subs)
	}
	if m := props.Member(fileKey); m != nil {
		return t.definitionFile(base, m, fileKey, subs)
	}
	return nil, nil
}

// definitionObject is a definition written as an object in the template.
// Its nodes are the template's, so every position is exact; the root is
// detached so that pointers start at the definition.
func (t *template) definitionObject(base Definition, root *asl.Node, subs map[string]string) *Definition {
	root.Walk(func(n *asl.Node) bool {
		if isIntrinsic(n) {
			// CloudFormation resolves intrinsic functions inside the object
			// (SAM turns them into DefinitionSubstitutions); unknown at lint
			// time, they become opaque placeholder strings in place.
			text := substituteString(string(t.eval(n).text), subs)
			n.Kind, n.Str, n.Tag, n.Members, n.Elems = asl.String, text, "", nil, nil
			return false
		}
		if n.Kind == asl.String {
			n.Str = substituteString(n.Str, subs)
		}
		return true
	})
	root.Detach()
	base.Doc, base.Root = t.doc, root
	return &base
}

// definitionString is a definition held as text: a string, an Fn::Sub or
// an Fn::Join. Anything else (a Ref to a parameter, an Fn::If …) is unknown
// at lint time and skipped.
func (t *template) definitionString(base Definition, m *asl.Member, subs map[string]string) (*Definition, error) {
	v := m.Value
	switch name, _ := intrinsic(v); name {
	case "":
		if v.Kind != asl.String {
			return nil, nil
		}
	case "Fn::Sub", "Fn::Join":
	default:
		return nil, nil
	}
	text := substitute(t.eval(v), subs)
	return parseEmbedded(&base, text, t.src, v.Range.Start.Offset)
}

// definitionFile is a definition in a local file (SAM DefinitionUri, or a
// DefinitionS3Location that `aws cloudformation package` will upload).
func (t *template) definitionFile(base Definition, m *asl.Member, key string, subs map[string]string) (*Definition, error) {
	p, ok := literalString(m.Value)
	if !ok {
		return nil, nil
	}
	full, ok := referencedPath(t.path, p)
	if !ok {
		return nil, nil
	}
	text, err := readReferenced(full)
	if err != nil {
		return nil, unreadable(t.path, m.Value.Range.Start, key+" of "+base.Resource, p, err)
	}
	return loadReferenced(full, text, base, subs)
}

// substitutions returns the DefinitionSubstitutions whose values are known:
// literal strings, numbers and booleans. The others (Ref, GetAtt …) leave
// their ${Name} in place.
func substitutions(n *asl.Node) map[string]string {
	if n == nil || n.Kind != asl.Object || isIntrinsic(n) {
		return nil
	}
	subs := map[string]string{}
	for _, m := range n.Members {
		v := m.Value
		if v.Tag != "" {
			continue
		}
		switch v.Kind {
		case asl.String, asl.Number:
			subs[m.Key] = v.Str
		case asl.Bool:
			subs[m.Key] = "false"
			if v.Bool {
				subs[m.Key] = "true"
			}
		}
	}
	return subs
}

// literalString returns a string value that is not an intrinsic function.
func literalString(n *asl.Node) (string, bool) {
	if n == nil || n.Tag != "" {
		return "", false
	}
	return n.StringValue()
}

// intrinsic returns the CloudFormation intrinsic function n calls ("Ref",
// "Fn::Sub" …) and its argument: the value of the single Ref/Fn:: key, or
// for a YAML short form (!Sub …) n itself. The name is "" for a plain value.
func intrinsic(n *asl.Node) (string, *asl.Node) {
	if n == nil {
		return "", nil
	}
	if len(n.Tag) > 1 && n.Tag[0] == '!' && n.Tag[1] != '!' {
		if name := n.Tag[1:]; name == "Ref" || name == "Condition" {
			return name, n
		}
		return "Fn::" + n.Tag[1:], n
	}
	if n.Kind == asl.Object && len(n.Members) == 1 {
		if k := n.Members[0].Key; k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, n.Members[0].Value
		}
	}
	return "", nil
}

func isIntrinsic(n *asl.Node) bool {
	name, _ := intrinsic(n)
	return name != ""
}

// eval is the text of a template value: a string, or what an Fn::Sub or an
// Fn::Join makes of its arguments. Values unknown at lint time (Ref,
// GetAtt, parameters …) become placeholders: ${Ref:Name},
// ${GetAtt:Name.Attribute}, ${Fn::If}.
func (t *template) eval(n *asl.Node) *mappedText {
	name, arg := intrinsic(n)
	switch name {
	case "":
		switch n.Kind {
		case asl.String:
			return t.stringText(n)
		case asl.Number:
			return standIn(n.Str, n.Range)
		case asl.Bool:
			if n.Bool {
				return standIn("true", n.Range)
			}
			return standIn("false", n.Range)
		}
		return standIn(placeholder(n.Kind.String()), n.Range)
	case "Fn::Sub":
		if m, ok := t.sub(arg); ok {
			return m
		}
	case "Fn::Join":
		if m, ok := t.join(arg); ok {
			return m
		}
	case "Ref":
		if s, ok := arg.StringValue(); ok {
			if v, ok := pseudoParameters[s]; ok {
				return standIn(v, n.Range)
			}
			return standIn(placeholder("Ref:"+s), n.Range)
		}
	case "Fn::GetAtt":
		if s, ok := arg.StringValue(); ok {
			return standIn(placeholder("GetAtt:"+s), n.Range)
		}
		if arg.Kind == asl.Array {
			var parts []string
			for _, e := range arg.Elems {
				s, _ := e.StringValue()
				parts = append(parts, s)
			}
			return standIn(placeholder("GetAtt:"+strings.Join(parts, ".")), n.Range)
		}
	}
	return standIn(placeholder(name), n.Range)
}

func standIn(text string, r asl.Range) *mappedText {
	m := &mappedText{}
	m.addStandIn(text, r.Start.Offset, r.End.Offset)
	return m
}

// stringText is a string value of the template traced to its source text;
// where it cannot be traced (an alias, a folding the aligner cannot follow)
// the whole value is its approximate place.
func (t *template) stringText(n *asl.Node) *mappedText {
	m := &mappedText{}
	from, q := scalarContent(t.src.Text, n.Range.Start.Offset)
	if !align(m, n.Str, t.src.Text, from, q) {
		m.addApprox(n.Str, n.Range.Start.Offset, n.Range.End.Offset)
	}
	return m
}

// scalarContent finds where the text of the scalar starting at off begins,
// past its tag (!Sub) and anchor (&name), its quote or its block indicator
// line, and how it is quoted.
func scalarContent(text []byte, off int) (int, quoting) {
	for off < len(text) && (text[off] == '!' || text[off] == '&') {
		for off < len(text) && !isBlank(text[off]) {
			off++
		}
		for off < len(text) && isBlank(text[off]) {
			off++
		}
	}
	if off >= len(text) {
		return off, unquoted
	}
	switch text[off] {
	case '"':
		return off + 1, doubleQuoted
	case '\'':
		return off + 1, singleQuoted
	case '|', '>':
		// The content starts on the line after the indicator (which may
		// carry chomping and indentation indicators and a comment).
		for off < len(text) && text[off] != '\n' {
			off++
		}
		return min(off+1, len(text)), unquoted
	}
	return off, unquoted
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// sub evaluates Fn::Sub: a template string, or [template, {variables}].
// ${Var} takes the variable's value when it is known, ${AWS::Partition} and
// ${AWS::URLSuffix} their standard values, and ${!Literal} is written as
// ${Literal}; other ${…} (parameters, resources, attributes) stay as
// placeholders, and DefinitionSubstitutions apply to them afterwards.
func (t *template) sub(arg *asl.Node) (*mappedText, bool) {
	tmpl, vars := arg, (*asl.Node)(nil)
	if arg.Kind == asl.Array {
		if len(arg.Elems) == 0 {
			return nil, false
		}
		tmpl = arg.Elems[0]
		if len(arg.Elems) > 1 {
			vars = arg.Elems[1]
		}
	}
	if tmpl.Kind != asl.String || (tmpl != arg && tmpl.Tag != "") {
		return nil, false
	}
	m := t.stringText(tmpl)
	s := string(m.text)
	var edits []edit
	size := len(s)
	values := map[string]string{}
	for i := 0; ; {
		k := strings.Index(s[i:], "${")
		if k < 0 {
			break
		}
		k += i
		end := strings.IndexByte(s[k:], '}')
		if end < 0 {
			break
		}
		end += k
		name := s[k+2 : end]
		var repl string
		var ok bool
		switch {
		case strings.HasPrefix(name, "!"):
			edits = append(edits, edit{start: k, end: k + 3, text: "${"})
			i = k + 3
			continue
		case vars.Get(name) != nil:
			if repl, ok = values[name]; !ok {
				repl, ok = string(t.eval(vars.Get(name)).text), true
				values[name] = repl
			}
		default:
			repl, ok = pseudoParameters[name]
		}
		if ok {
			size += len(repl) - (end + 1 - k)
			if size > maxDefinitionText {
				return nil, false
			}
			edits = append(edits, edit{start: k, end: end + 1, text: repl})
		}
		i = end + 1
	}
	return m.rewrite(edits), true
}

// join evaluates Fn::Join: [delimiter, [pieces]]. A piece that is not a
// string becomes a placeholder; a list that is itself an intrinsic function
// (!Split, !Ref of a list) is unknown at lint time.
func (t *template) join(arg *asl.Node) (*mappedText, bool) {
	if arg.Kind != asl.Array || len(arg.Elems) != 2 {
		return nil, false
	}
	delim, list := arg.Elems[0], arg.Elems[1]
	d, ok := literalString(delim)
	if !ok || list.Kind != asl.Array || isIntrinsic(list) {
		return nil, false
	}
	m := &mappedText{}
	for i, e := range list.Elems {
		if i > 0 {
			m.addStandIn(d, delim.Range.Start.Offset, delim.Range.End.Offset)
		}
		m.appendText(t.eval(e))
		if m.len() > maxDefinitionText {
			return nil, false
		}
	}
	return m, true
}
