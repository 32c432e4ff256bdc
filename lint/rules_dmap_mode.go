package lint

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/sfnsim/sfnsim/asl"
)

// Distributed Map, part 1: the processor, its mode and the workflow type its
// child executions run in. Source: distributed-map.md §1.1 and §2
// (AWS "Using Map state in Distributed mode"; ASL specification, Map state).

var ruleDmapExecutionType = register(&Rule{
	ID: "DMAP001", Name: "distributed-execution-type", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Distributed Map has no ExecutionType, or one that is not STANDARD or EXPRESS",
	Doc: "A Map state in Distributed mode runs every item (or batch) as a child workflow execution, and " +
		"ProcessorConfig.ExecutionType says which kind: STANDARD (up to a year, exactly-once, billed per " +
		"state transition) or EXPRESS (up to 5 minutes, at-least-once, billed per request and duration). " +
		"It is required with \"Mode\": \"DISTRIBUTED\" and the values are upper case. Add the field, or fix " +
		"its spelling.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "AWS Step Functions: Using Map state in Distributed mode (ProcessorConfig); distributed-map.md §1.1",
})

var ruleDmapMode = register(&Rule{
	ID: "DMAP002", Name: "processor-mode-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ProcessorConfig.Mode is not INLINE or DISTRIBUTED",
	Doc: "ItemProcessor.ProcessorConfig.Mode takes two values, in upper case: INLINE (the default; items run " +
		"inside the parent execution, at most 40 at a time) and DISTRIBUTED (items run as child executions, " +
		"up to 10,000 at a time). Fix the spelling, or remove Mode for an INLINE Map.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "Distributed", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "AWS Step Functions: Using Map state in Distributed mode (ProcessorConfig); distributed-map.md §1.1",
})

var ruleDmapExecutionTypeInline = register(&Rule{
	ID: "DMAP003", Name: "execution-type-inline", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ProcessorConfig.ExecutionType is set on an INLINE Map",
	Doc: "ExecutionType chooses the workflow type of a Distributed Map's child executions. An INLINE Map " +
		"(Mode INLINE or no Mode) runs its items inside the parent execution and has no children, so the " +
		"field means nothing there; it usually shows that \"Mode\": \"DISTRIBUTED\" was forgotten. Reported " +
		"as rejected by AWS in a community schema report; that AWS rejects it is unverified. Set the Mode " +
		"to DISTRIBUTED, or remove ExecutionType.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "distributed-map.md §1.1 (community schema report; unverified)",
})

var ruleDmapInExpress = register(&Rule{
	ID: "DMAP004", Name: "distributed-in-express", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Distributed Map runs in an EXPRESS state machine or inside EXPRESS child executions",
	Doc: "Distributed mode works only in Standard workflows (AWS \"Using Map state in Distributed mode\", " +
		"warning box). An EXPRESS state machine cannot hold a Distributed Map, and neither can the item " +
		"processor of a Distributed Map whose ExecutionType is EXPRESS, because those children are Express " +
		"workflows. A Distributed Map inside STANDARD children is fine (observed on AWS). The machine type " +
		"comes from the template (CloudFormation StateMachineType, Terraform type) or --type. Make the " +
		"workflow STANDARD, or use \"Mode\": \"INLINE\" for the inner Map.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "INLINE"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	ExampleType: asl.Express,
	Tags:        []string{"correctness", "distributed-map", "express"},
	Source:      "AWS Step Functions: Using Map state in Distributed mode; distributed-map.md §1.1",
})

var ruleDmapExpressIntegration = register(&Rule{
	ID: "DMAP005", Name: "express-child-integration", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Task in EXPRESS child executions uses .sync, .waitForTaskToken or an activity",
	Doc: "The children of a Distributed Map with \"ExecutionType\": \"EXPRESS\" are Express workflows, and " +
		"Express workflows support neither the run-a-job (.sync, .sync:2) nor the callback " +
		"(.waitForTaskToken) integration patterns, nor activities. For an EXPRESS state machine AWS " +
		"rejects them (\"Express state machine does not support '.sync' service integration\"); whether it " +
		"already rejects them in an EXPRESS item processor when the machine is created is unverified, but " +
		"Express children cannot run them. Use the request-response form of the integration, or set the " +
		"Map's ExecutionType to STANDARD. A Resource written as a ${…} placeholder is not checked.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 20}, "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
  "StartAt": "Job", "States": {"Job": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
    "Parameters": {"JobName": "etl"}, "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "Job", "States": {"Job": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync",
    "Parameters": {"JobName": "etl"}, "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "express"},
	Source: "AWS Step Functions: Choosing workflow type (Express: no .sync, .waitForTaskToken, activities); observed AWS messages",
})

var ruleDmapDistributedOnly = register(&Rule{
	ID: "DMAP006", Name: "distributed-only-field", Severity: Warning,
	Summary: "an INLINE Map has ItemReader, ItemBatcher, ResultWriter, ToleratedFailure* or Label",
	Doc: "ItemReader, ItemBatcher, ResultWriter, ToleratedFailurePercentage(Path), " +
		"ToleratedFailureCount(Path) and Label configure the Map Run of a Distributed Map. An INLINE Map " +
		"(Mode INLINE, or no ProcessorConfig) has no Map Run, so these fields are at best ignored; they " +
		"usually mean that ProcessorConfig was forgotten. How AWS treats each of them on an INLINE Map is " +
		"unverified (the catalogue proposes an error; the asl-validator corpus counts such definitions as " +
		"valid), so this is a warning. Add \"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": …} to the " +
		"ItemProcessor, or remove the field.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentage": 5, "ItemProcessor": {
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentage": 5, "ItemProcessor": {
  "ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "AWS Step Functions: Using Map state in Distributed mode (fields); distributed-map.md §1.1 (unverified)",
})

var ruleDmapProcessorMissing = register(&Rule{
	ID: "DMAP008", Name: "map-processor-missing", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Map state has neither ItemProcessor nor Iterator",
	Doc: "A Map state runs its ItemProcessor — a sub-state-machine with its own StartAt and States — for " +
		"every item. Without it there is nothing to run. Add an ItemProcessor (Iterator is its deprecated " +
		"name).",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "map"},
	Source: "ASL specification: Map state (ItemProcessor)",
})

var ruleDmapDeprecated = register(&Rule{
	ID: "DMAP009", Name: "map-deprecated-field", Severity: Info,
	Summary: "a Map state uses the deprecated Iterator or Parameters",
	Doc: "Iterator and a Map's Parameters are the old names of ItemProcessor and ItemSelector. AWS still " +
		"accepts them (an Iterator with a DISTRIBUTED ProcessorConfig was observed working), but the " +
		"documentation and the console use the new names and ProcessorConfig belongs to ItemProcessor. " +
		"Rename the field; nothing else changes.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "Iterator": {
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {
  "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"style", "map"},
	Source: "ASL specification: Map state (Iterator and Parameters deprecated); AWS ItemSelector (Map)",
})

// Values of ProcessorConfig.
const (
	dmapInline      = "INLINE"
	dmapDistributed = "DISTRIBUTED"
)

// dmapOnlyFields configure a Map Run; they mean nothing on an INLINE Map.
var dmapOnlyFields = []string{
	"ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
	"ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
}

func init() {
	addCheck(check{state: func(p *Pass, s *asl.State) {
		if s.Node.Kind != asl.Object {
			return
		}
		switch s.Type {
		case "Map":
			checkDmapProcessor(p, s)
			checkDmapDeprecated(p, s)
			if s.IsDistributed() && s.Scope.ExecutionType(p.MachineType) == asl.Express {
				checkDmapInExpress(p, s)
			}
		case "Task":
			checkDmapExpressIntegration(p, s)
		}
	}})
}

// checkDmapProcessor checks the presence of the processor and its
// ProcessorConfig (DMAP001, 002, 003, 006, 008).
func checkDmapProcessor(p *Pass, s *asl.State) {
	proc := s.Processor()
	if proc == nil {
		p.ReportRange(ruleDmapProcessorMissing, s.Node.Pointer(), s.NameRange,
			fmt.Sprintf("Map state %q has no \"ItemProcessor\"; add one with the \"StartAt\" and \"States\" to run for each item", s.Name))
		return
	}
	cfg := proc.Get("ProcessorConfig")
	if cfg != nil && cfg.Kind != asl.Object {
		return // a schema finding
	}
	mode := cfg.Get("Mode")
	modeName := dmapInline
	if mode != nil {
		v, ok := mode.StringValue()
		if ok && isPlaceholder(v) {
			return // a template placeholder: the mode is not known
		}
		if !ok || (v != dmapInline && v != dmapDistributed) {
			if ok {
				p.Report(ruleDmapMode, mode, "Mode %q is not \"INLINE\" or \"DISTRIBUTED\"%s", v,
					didYouMean(v, []string{dmapInline, dmapDistributed}))
			} else {
				p.Report(ruleDmapMode, mode, "Mode must be \"INLINE\" or \"DISTRIBUTED\", not %s", dmapKind(mode))
			}
			return // the other checks depend on the mode
		}
		modeName = v
	}
	et := cfg.Get("ExecutionType")
	if modeName == dmapDistributed {
		switch v, ok := et.StringValue(); {
		case et == nil:
			p.ReportKey(ruleDmapExecutionType, proc, "ProcessorConfig",
				"Distributed Map %q has no \"ExecutionType\"; add \"ExecutionType\": \"STANDARD\" (long-running, exactly-once children) or \"EXPRESS\" (children of at most 5 minutes)", s.Name)
		case ok && isPlaceholder(v):
		case !ok:
			p.Report(ruleDmapExecutionType, et, "ExecutionType must be \"STANDARD\" or \"EXPRESS\", not %s", dmapKind(et))
		case v != asl.Standard && v != asl.Express:
			p.Report(ruleDmapExecutionType, et, "ExecutionType %q is not \"STANDARD\" or \"EXPRESS\"%s", v,
				didYouMean(v, []string{asl.Standard, asl.Express}))
		}
		return
	}
	if et != nil {
		p.ReportKey(ruleDmapExecutionTypeInline, cfg, "ExecutionType",
			"\"ExecutionType\" applies only to Distributed Maps, and Map state %q runs INLINE; set \"Mode\": \"DISTRIBUTED\" or remove \"ExecutionType\"", s.Name)
	}
	procField := "ItemProcessor"
	if !s.Node.Has("ItemProcessor") && s.Node.Has("Iterator") {
		procField = "Iterator"
	}
	for _, f := range dmapOnlyFields {
		if s.Node.Has(f) {
			p.ReportKey(ruleDmapDistributedOnly, s.Node, f,
				"%q is a Distributed Map field, but Map state %q runs INLINE; add \"ProcessorConfig\": {\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": \"STANDARD\"} to its %s, or remove %q",
				f, s.Name, procField, f)
		}
	}
}

// checkDmapDeprecated reports Iterator and a Map's Parameters (DMAP009),
// unless DMAP007 (both names set) or DMAP037 (Parameters in a JSONata
// state) reports the same field.
func checkDmapDeprecated(p *Pass, s *asl.State) {
	if s.Node.Has("Iterator") && !s.Node.Has("ItemProcessor") {
		p.ReportKey(ruleDmapDeprecated, s.Node, "Iterator", "\"Iterator\" is deprecated; rename it to \"ItemProcessor\"")
	}
	if s.Node.Has("Parameters") && !s.Node.Has("ItemSelector") && s.QueryLanguage == asl.JSONPath {
		p.ReportKey(ruleDmapDeprecated, s.Node, "Parameters", "a Map's \"Parameters\" is deprecated; rename it to \"ItemSelector\"")
	}
}

// checkDmapInExpress reports a Distributed Map whose own scope runs as an
// Express workflow (DMAP004).
func checkDmapInExpress(p *Pass, s *asl.State) {
	mode := s.ProcessorConfig().Get("Mode")
	if owner := dmapExpressOwner(s.Scope); owner != nil {
		p.Report(ruleDmapInExpress, mode,
			"Distributed Map %q runs inside the EXPRESS child executions of Map state %q, and Distributed mode needs a Standard workflow; set that Map's \"ExecutionType\" to \"STANDARD\", or use \"Mode\": \"INLINE\" here",
			s.Name, owner.Name)
		return
	}
	p.Report(ruleDmapInExpress, mode,
		"Distributed Map %q cannot run in an EXPRESS state machine because Distributed mode needs a Standard workflow; make the state machine STANDARD, or use \"Mode\": \"INLINE\"",
		s.Name)
}

// dmapExpressOwner returns the Distributed Map whose EXPRESS child
// executions run the states of sc, or nil when sc does not run in such a
// child (it runs in the state machine itself, or in STANDARD children).
// The nearest Distributed Map above sc decides, as in Scope.ExecutionType.
func dmapExpressOwner(sc *asl.Scope) *asl.State {
	for c := sc; c != nil; c = c.Parent {
		if c.Kind == asl.ProcessorScope && c.Owner.IsDistributed() {
			if c.Owner.ProcessorConfig().GetString("ExecutionType") == asl.Express {
				return c.Owner
			}
			return nil
		}
	}
	return nil
}

var (
	dmapSyncSuffix  = regexp.MustCompile(`\.(sync(:\d+)?|waitForTaskToken)$`)
	dmapActivityARN = regexp.MustCompile(`^arn:[^:]+:states:[^:]*:[^:]*:activity:`)
)

// checkDmapExpressIntegration reports a Task of EXPRESS child executions
// that uses an integration pattern Express workflows lack (DMAP005). An
// EXPRESS state machine's own Tasks are ASL046's.
func checkDmapExpressIntegration(p *Pass, s *asl.State) {
	owner := dmapExpressOwner(s.Scope)
	if owner == nil {
		return
	}
	res := s.Field("Resource")
	switch pattern := expressUnsupported(res); {
	case pattern == "":
	case pattern == "activity":
		p.Report(ruleDmapExpressIntegration, res,
			"Task %q runs an activity, which Express workflows do not support, and it runs in the EXPRESS child executions of Map state %q; set that Map's \"ExecutionType\" to \"STANDARD\", or call a service or Lambda function instead",
			s.Name, owner.Name)
	default:
		p.Report(ruleDmapExpressIntegration, res,
			"Task %q uses the '%s' integration, which Express workflows do not support, and it runs in the EXPRESS child executions of Map state %q; set that Map's \"ExecutionType\" to \"STANDARD\", or call the service without '%s'",
			s.Name, pattern, owner.Name, pattern)
	}
}

// expressUnsupported returns what in a Task's Resource Express workflows
// cannot run: the integration suffix (".sync", ".sync:2",
// ".waitForTaskToken"), "activity", or "" when it can run (or the Resource
// is a placeholder nothing can be said about).
func expressUnsupported(res *asl.Node) string {
	v, ok := res.StringValue()
	if !ok || dmapOpaque(v) {
		return ""
	}
	if m := dmapSyncSuffix.FindString(v); m != "" {
		return m
	}
	if dmapActivityARN.MatchString(dmapNormalizeARN(v)) {
		return "activity"
	}
	return ""
}

// dmapOpaque reports whether a Resource is a template placeholder as a whole
// (${LambdaArn}): nothing can be said about it before deployment.
func dmapOpaque(s string) bool {
	return strings.HasPrefix(s, "${") && strings.HasSuffix(s, "}") && strings.Count(s, "${") == 1
}

var dmapPlaceholder = regexp.MustCompile(`\$\{[^}]*\}`)

// dmapNormalizeARN replaces template placeholders in an ARN by a neutral
// word, so that arn:${AWS::Partition}:states:::s3:getObject reads as an ARN
// whose parts can still be compared.
func dmapNormalizeARN(s string) string {
	return dmapPlaceholder.ReplaceAllString(s, "x")
}

// dmapKind names a value's JSON type for messages: "a number", "an object".
func dmapKind(n *asl.Node) string {
	switch n.Kind {
	case asl.Null:
		return "null"
	case asl.Object, asl.Array:
		return "an " + n.Kind.String()
	}
	return "a " + n.Kind.String()
}
