package lint

import (
	"fmt"
	"math"
	"strconv"

	"github.com/sfnsim/sfnsim/asl"
)

// Distributed Map, part 5: query-language fields, and advice on duration,
// cost, items and failure tolerance. Source: distributed-map.md §2–§3,
// quotas-and-pricing.md §1.1 and §2.1, the project's founding example
// (shared/examples/README.md).

var ruleDmapLanguage = register(&Rule{
	ID: "DMAP037", Name: "map-query-language-field", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Map field of the other query language: a JSONPath field in a JSONata Map, or a JSONata field in a JSONPath Map",
	Doc: "A JSONPath Map selects and shapes data with ItemsPath, the *Path fields (MaxConcurrencyPath, " +
		"ToleratedFailure…Path, ReaderConfig.MaxItemsPath, ItemBatcher …PerBatchPath), Parameters (of the " +
		"Map, its ItemReader and ResultWriter), ResultSelector, ResultPath, InputPath and OutputPath. A " +
		"JSONata Map uses Items, \"{% … %}\" values in the plain fields, Arguments (ItemReader, " +
		"ResultWriter) and Output instead (a \".$\" key in its ItemSelector, BatchInput or Arguments is kept " +
		"literally, as in any JSONata state: ASL029). A " +
		"field of the other language is rejected (AWS \"Transforming data with JSONata\"). Use the field " +
		"of the state's language, or set the state's QueryLanguage.",
	Bad: `{"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"QueryLanguage": "JSONata", "StartAt": "M", "States": {"M": {"Type": "Map", "Items": "{% $states.input.items %}",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "map", "jsonata"},
	Source: "AWS Step Functions: Transforming data with JSONata; Using Map state in Distributed mode",
})

var ruleDmapExpressDuration = register(&Rule{
	ID: "DMAP038", Name: "express-child-duration", Severity: Warning,
	Summary: "an EXPRESS child contains a wait, task timeout or retry schedule longer than 5 minutes",
	Doc: "An Express workflow runs at most 5 minutes; an EXPRESS child execution of a Distributed Map " +
		"that runs longer ends TIMED_OUT with States.Timeout and counts as a failed item. This rule " +
		"reports what the definition alone shows can take longer: a Wait with more than 300 Seconds, a " +
		"Task whose TimeoutSeconds is above 300 (work expected to last that long), and a Retry whose " +
		"delays add up to more than 300 seconds (the last attempts can never run). Use \"ExecutionType\": " +
		"\"STANDARD\" for long work, or shorten it. Checks based on measured durations arrive with the " +
		"simulation profiles of `sfnsim simulate`. The other limit, 25,000 history events per STANDARD " +
		"child, is not checked: the definition alone rarely decides it.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 10},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "Cool", "States": {"Cool": {"Type": "Wait", "Seconds": 600, "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 10},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Cool", "States": {"Cool": {"Type": "Wait", "Seconds": 600, "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "express", "quota"},
	Source: "AWS Step Functions service quotas (Express execution duration: 5 minutes)",
})

var ruleDmapRetry = register(&Rule{
	ID: "DMAP039", Name: "distributed-map-retry", Severity: Info,
	Summary: "a Retry on a Distributed Map runs every item again",
	Doc: "Retrying a Distributed Map starts a new Map Run that processes every item again, the ones that " +
		"succeeded included: the retry multiplies the cost of the whole Map. Retry the failing work inside " +
		"the item processor instead, and use a redrive (RedriveExecution), which re-runs only the failed " +
		"and pending children, to recover a failed run. Retriers for States.ItemReaderFailed alone are " +
		"not reported: no child has run when the reader fails.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}],
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "Retry": [{"ErrorEquals": ["States.ItemReaderFailed"], "MaxAttempts": 2}],
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "cost", "retry"},
	Source: "AWS Using Map state in Distributed mode (Retry starts a new Map Run); AWS Redriving Map Runs",
})

var ruleDmapBatching = register(&Rule{
	ID: "DMAP040", Name: "item-batching-advice", Severity: Info,
	Summary: "one child execution per item: each start is billed as a Standard state transition",
	Doc: "A Distributed Map is charged one Standard state transition ($0.025 per 1,000 in us-east-1) for " +
		"every child execution it starts, on top of what the children cost. Unbatched, 1,000,000 items " +
		"cost about $25 in child starts alone; with \"ItemBatcher\": {\"MaxItemsPerBatch\": 100} they cost " +
		"$0.25, and each child processes the batch's Items array (see quotas-and-pricing Example 2). The " +
		"advice is given for EXPRESS children, which exist for short work and where the start charge " +
		"dominates; STANDARD children, often long jobs of their own, are left alone. It is silent when an " +
		"ItemBatcher is present.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 100},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "cost"},
	Source: "AWS State machine structure: Transitions in Distributed Map state; AWS Step Functions pricing",
})

var ruleDmapItemsSource = register(&Rule{
	ID: "DMAP041", Name: "items-source-implicit", Severity: Info,
	Summary: "a Distributed Map iterates over its whole input, which is not known to be an array",
	Doc: "Without an ItemReader, ItemsPath (JSONPath) or Items (JSONata), a Map iterates over its " +
		"effective input itself, which must then be a JSON array (a Distributed Map also accepts an " +
		"object and iterates over its key-value pairs). When the items are one field of the input — the " +
		"usual case — the run fails. Say where the items are: \"ItemsPath\": \"$.items\", or \"Items\": " +
		"\"{% $states.input.items %}\"; use \"$\" to confirm that the input is the array. The advice is not " +
		"given when the preceding state visibly outputs an array (a Pass state with an array Result).",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.orders",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "items"},
	Source: "AWS Using Map state in Distributed mode (input); distributed-map.md §3.5",
})

var ruleDmapToleranceUnreachable = register(&Rule{
	ID: "DMAP042", Name: "tolerated-failure-unreachable", Severity: Warning,
	Summary: "a failure tolerance that never applies: every error in the child workflow is caught",
	Doc: "ToleratedFailurePercentage and ToleratedFailureCount count failed child executions. When every " +
		"Task (and Parallel or Map) in the item processor catches all errors (States.ALL, or " +
		"States.TaskFailed where no States.Timeout can occur) and continues to states that cannot fail, " +
		"each child succeeds even when its work failed: the threshold never trips for those failures and " +
		"the Map Run reports success however many items went wrong. Only what no Catch handles still " +
		"counts — States.Runtime, States.DataLimitExceeded, an EXPRESS child over 5 minutes. This is the " +
		"founding example's flaw: a Catch into a Pass state that records {\"status\": \"FAILED\"} makes its " +
		"5% tolerance unreachable. End the catch path in a Fail state (after recording the failure, if " +
		"needed) so that failed items count, or remove the tolerance if failures are meant to be data.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 100,
  "ToleratedFailurePercentage": 5, "ItemBatcher": {"MaxItemsPerBatch": 10},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Record"}]},
      "Record": {"Type": "Pass", "Result": {"status": "FAILED"}, "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 100,
  "ToleratedFailurePercentage": 5, "ItemBatcher": {"MaxItemsPerBatch": 10},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "Work", "States": {
      "Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true,
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]},
      "Failed": {"Type": "Fail", "Error": "ItemFailed"}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "errors"},
	Source: "AWS Using Map state in Distributed mode (tolerated failure threshold); AWS Handling errors; shared/examples/README.md",
})

// Map fields of one query language only, with what the other language uses
// instead (distributed-map.md §1.1; AWS "Transforming data with JSONata").
var (
	dmapJSONPathFields = map[string]string{
		"ItemsPath":                      `use "Items": "{% $states.input.items %}" instead`,
		"MaxConcurrencyPath":             `use "MaxConcurrency": "{% … %}" instead`,
		"ToleratedFailurePercentagePath": `use "ToleratedFailurePercentage": "{% … %}" instead`,
		"ToleratedFailureCountPath":      `use "ToleratedFailureCount": "{% … %}" instead`,
		"Parameters":                     `use "ItemSelector" instead`,
		"ResultSelector":                 `use "Output" with $states.result instead`,
		"ResultPath":                     `use "Output" (or "Assign") to combine $states.input and $states.result instead`,
		"InputPath":                      `read $states.input in "Items" or "ItemSelector" instead`,
		"OutputPath":                     `use "Output" instead`,
	}
	dmapJSONataFields = map[string]string{
		"Items":  `use "ItemsPath" instead`,
		"Output": `use "OutputPath" or "ResultSelector" instead`,
	}
	// dmapNestedJSONPath are the JSONPath-only fields of the objects inside
	// a Map, by object.
	dmapNestedJSONPath = map[string]map[string]string{
		"ItemReader":   {"Parameters": `use "Arguments" instead`},
		"ReaderConfig": {"MaxItemsPath": `use "MaxItems": "{% … %}" instead`},
		"ItemBatcher": {
			"MaxItemsPerBatchPath":      `use "MaxItemsPerBatch": "{% … %}" instead`,
			"MaxInputBytesPerBatchPath": `use "MaxInputBytesPerBatch": "{% … %}" instead`,
		},
		"ResultWriter": {"Parameters": `use "Arguments" instead`},
	}
)

// dmapExpressLimit is the longest an Express execution runs (service
// quotas).
const dmapExpressLimit = 300

func init() {
	addCheck(check{
		scope: checkDmapExpressDuration,
		state: func(p *Pass, s *asl.State) {
			if s.Type != "Map" || s.Node.Kind != asl.Object {
				return
			}
			checkDmapLanguage(p, s)
			if !s.IsDistributed() {
				return
			}
			checkDmapRetry(p, s)
			checkDmapBatching(p, s)
			checkDmapItemsSource(p, s)
			checkDmapToleranceUnreachable(p, s)
		},
	})
}

// dmapMapParts returns the objects inside a Map whose fields DMAP037
// checks, by name.
func dmapMapParts(s *asl.State) map[string]*asl.Node {
	reader := s.Field("ItemReader")
	return map[string]*asl.Node{
		"ItemReader":   reader,
		"ReaderConfig": reader.Get("ReaderConfig"),
		"ItemBatcher":  s.Field("ItemBatcher"),
		"ResultWriter": s.Field("ResultWriter"),
	}
}

// checkDmapLanguage reports Map fields of the other query language
// (DMAP037).
func checkDmapLanguage(p *Pass, s *asl.State) {
	switch s.QueryLanguage {
	case asl.JSONata:
		for _, m := range s.Node.Members {
			if hint, ok := dmapJSONPathFields[m.Key]; ok {
				hint = dmapLanguageHint(s, m.Key, hint)
				p.ReportKey(ruleDmapLanguage, s.Node, m.Key, "%q is a JSONPath field, but Map state %q uses JSONata; %s", m.Key, s.Name, hint)
			}
		}
		parts := dmapMapParts(s)
		for _, part := range []string{"ItemReader", "ReaderConfig", "ItemBatcher", "ResultWriter"} {
			obj := parts[part]
			if obj == nil || obj.Kind != asl.Object {
				continue
			}
			for _, m := range obj.Members {
				if hint, ok := dmapNestedJSONPath[part][m.Key]; ok {
					p.ReportKey(ruleDmapLanguage, obj, m.Key, "%s %q is a JSONPath field, but Map state %q uses JSONata; %s", part, m.Key, s.Name, hint)
				}
			}
		}
		reportDollarKeys(p, s, s.Field("ItemSelector"))
		reportDollarKeys(p, s, parts["ItemBatcher"].Get("BatchInput"))
		reportDollarKeys(p, s, parts["ItemReader"].Get("Arguments"))
		reportDollarKeys(p, s, parts["ResultWriter"].Get("Arguments"))
	case asl.JSONPath:
		for _, m := range s.Node.Members {
			if hint, ok := dmapJSONataFields[m.Key]; ok {
				hint = dmapLanguageHint(s, m.Key, hint)
				p.ReportKey(ruleDmapLanguage, s.Node, m.Key, "%q is a JSONata field, but Map state %q uses JSONPath; %s, or set \"QueryLanguage\": \"JSONata\"", m.Key, s.Name, hint)
			}
		}
		parts := dmapMapParts(s)
		for _, part := range []string{"ItemReader", "ResultWriter"} {
			if obj := parts[part]; obj.Has("Arguments") {
				p.ReportKey(ruleDmapLanguage, obj, "Arguments", "%s \"Arguments\" is a JSONata field, but Map state %q uses JSONPath; use \"Parameters\" instead, or set \"QueryLanguage\": \"JSONata\"", part, s.Name)
			}
		}
	}
}

// dmapLanguagePartner is the field of the other language that does the
// same work as a Map field.
var dmapLanguagePartner = map[string]string{
	"ItemsPath": "Items", "Items": "ItemsPath", "Parameters": "ItemSelector",
	"MaxConcurrencyPath": "MaxConcurrency", "ToleratedFailurePercentagePath": "ToleratedFailurePercentage",
	"ToleratedFailureCountPath": "ToleratedFailureCount",
}

// dmapLanguageHint says to remove a field of the other language when the
// state already has the field that replaces it.
func dmapLanguageHint(s *asl.State, field, hint string) string {
	if partner := dmapLanguagePartner[field]; partner != "" && s.Node.Has(partner) && !dmapWrongLanguage(s, partner) {
		return fmt.Sprintf("remove it, %q is already set", partner)
	}
	return hint
}

// checkDmapExpressDuration reports waits, task timeouts and retry schedules
// longer than an EXPRESS child execution may run (DMAP038).
func checkDmapExpressDuration(p *Pass, sc *asl.Scope) {
	owner := dmapExpressOwner(sc)
	if owner == nil {
		return
	}
	for _, s := range sc.States {
		if s.Node.Kind != asl.Object {
			continue
		}
		switch s.Type {
		case "Wait":
			if v := s.Field("Seconds"); dmapOver(v, dmapExpressLimit) {
				p.Report(ruleDmapExpressDuration, v,
					"Wait state %q waits %s seconds, but the EXPRESS child executions of Map state %q stop after 5 minutes (States.Timeout); wait less, or set \"ExecutionType\": \"STANDARD\"",
					s.Name, v.Str, owner.Name)
			}
		case "Task":
			if v := s.Field("TimeoutSeconds"); dmapOver(v, dmapExpressLimit) {
				p.Report(ruleDmapExpressDuration, v,
					"Task %q allows %s seconds (TimeoutSeconds), but the EXPRESS child executions of Map state %q stop after 5 minutes (States.Timeout); keep the work under 5 minutes, or set \"ExecutionType\": \"STANDARD\"",
					s.Name, v.Str, owner.Name)
			}
		}
		for _, r := range arrayObjects(s.Field("Retry")) {
			if total, ok := dmapRetryWait(r); ok && total > dmapExpressLimit {
				p.Report(ruleDmapExpressDuration, r,
					"the delays of this retrier of %s state %q add up to %s seconds, but the EXPRESS child executions of Map state %q stop after 5 minutes, so its last attempts never run; lower MaxAttempts, IntervalSeconds or MaxDelaySeconds, or set \"ExecutionType\": \"STANDARD\"",
					s.Type, s.Name, dmapSeconds(total), owner.Name)
			}
		}
	}
}

// dmapOver reports whether v is a number above limit.
func dmapOver(v *asl.Node, limit float64) bool {
	f, ok := v.Float()
	return ok && f > limit
}

// dmapRetryWait adds up the delays of a retrier's attempts, with AWS's
// defaults (IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0, no
// MaxDelaySeconds). It is false when a value is not a number.
func dmapRetryWait(r *asl.Node) (float64, bool) {
	num := func(field string, def float64) (float64, bool) {
		v := r.Get(field)
		if v == nil {
			return def, true
		}
		return v.Float()
	}
	interval, ok1 := num("IntervalSeconds", 1)
	attempts, ok2 := num("MaxAttempts", 3)
	rate, ok3 := num("BackoffRate", 2)
	maxDelay, ok4 := num("MaxDelaySeconds", math.Inf(1))
	if !ok1 || !ok2 || !ok3 || !ok4 || interval <= 0 || rate < 1 || maxDelay <= 0 {
		return 0, false
	}
	// MaxAttempts is at most 99,999,999; stop adding once the sum is
	// beyond any use.
	total, d := 0.0, interval
	for k := 0; k < int(attempts) && total < 1e12; k++ {
		total += math.Min(d, maxDelay)
		d *= rate
	}
	return total, true
}

// dmapSeconds renders a number of seconds, without a fraction when whole.
func dmapSeconds(f float64) string {
	if f >= 1e12 {
		return "more than 10^12"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// checkDmapRetry advises against retrying the whole Map Run (DMAP039).
func checkDmapRetry(p *Pass, s *asl.State) {
	for _, r := range arrayObjects(s.Field("Retry")) {
		if n, ok := r.Get("MaxAttempts").Int(); ok && n == 0 {
			continue
		}
		readerOnly := true
		for _, e := range dmapElems(r.Get("ErrorEquals")) {
			if name, _ := e.StringValue(); name != "States.ItemReaderFailed" {
				readerOnly = false
			}
		}
		if readerOnly {
			continue
		}
		p.ReportKey(ruleDmapRetry, s.Node, "Retry",
			"each retry of Distributed Map %q starts a new Map Run that processes every item again; retry the failing work inside the item processor, and redrive failed runs (a redrive re-runs only failed and pending children)", s.Name)
		return
	}
}

// checkDmapBatching advises an ItemBatcher for EXPRESS children, where
// child starts dominate the cost (DMAP040).
func checkDmapBatching(p *Pass, s *asl.State) {
	if s.Field("ItemBatcher") != nil {
		return
	}
	if s.ProcessorConfig().GetString("ExecutionType") != asl.Express {
		return
	}
	items := `"$.Items"`
	if s.IsJSONata() {
		items = `$states.input.Items`
	}
	p.ReportRange(ruleDmapBatching, s.Node.Pointer(), s.NameRange, fmt.Sprintf(
		"Map state %q starts one child execution per item, and each start is billed as a Standard state transition (about $25 per million items); consider \"ItemBatcher\": {\"MaxItemsPerBatch\": 100} and processing the batch (%s) in each child",
		s.Name, items))
}

// checkDmapItemsSource advises saying where the items are (DMAP041).
func checkDmapItemsSource(p *Pass, s *asl.State) {
	for _, f := range []string{"ItemReader", "ItemsPath", "Items", "InputPath"} {
		if s.Field(f) != nil {
			return
		}
	}
	if dmapInputIsArray(s) {
		return
	}
	hint := `"ItemsPath": "$.items"`
	if s.IsJSONata() {
		hint = `"Items": "{% $states.input.items %}"`
	}
	p.ReportRange(ruleDmapItemsSource, s.Node.Pointer(), s.NameRange, fmt.Sprintf(
		"Map state %q iterates over its whole input, which must then be an array; if the items are a field of the input, select them with %s (\"$\" confirms the input itself)",
		s.Name, hint))
}

// dmapInputIsArray reports whether every transition into s comes from a
// Pass state whose output is a literal array.
func dmapInputIsArray(s *asl.State) bool {
	if start, _ := s.Scope.StartAt().StringValue(); start == s.Name {
		return false
	}
	found := false
	for _, t := range s.Scope.States {
		for _, tr := range t.Transitions() {
			if tr.Target != s.Name {
				continue
			}
			if tr.Field != "Next" || !dmapOutputsArray(t) {
				return false
			}
			found = true
		}
	}
	return found
}

func dmapOutputsArray(t *asl.State) bool {
	if t.Type != "Pass" {
		return false
	}
	if t.IsJSONata() {
		out := t.Field("Output")
		return out != nil && out.Kind == asl.Array
	}
	if t.Field("ResultPath") != nil || t.Field("OutputPath") != nil || t.Field("Result") == nil {
		return false
	}
	return t.Field("Result").Kind == asl.Array
}

// checkDmapToleranceUnreachable reports a failure tolerance that no failure
// can reach because the child workflow catches every error (DMAP042).
func checkDmapToleranceUnreachable(p *Pass, s *asl.State) {
	field := ""
	for _, f := range []string{"ToleratedFailurePercentage", "ToleratedFailureCount", "ToleratedFailurePercentagePath", "ToleratedFailureCountPath"} {
		v := s.Field(f)
		if v == nil {
			continue
		}
		if n, ok := v.Float(); ok && n == 0 {
			continue // the default: nothing to reach
		}
		field = f
		break
	}
	if field == "" || len(s.Children) == 0 {
		return
	}
	catcher, ok := dmapCannotFail(s.Children[0])
	if !ok || catcher == nil {
		return // a child can fail, or nothing is caught at all
	}
	p.ReportKey(ruleDmapToleranceUnreachable, s.Node, field,
		"%s never takes effect: every error in the child executions of Map state %q is caught (%s %q catches it and goes on to %q), so failed items end as successful children; end that path in a Fail state so that failures count, or remove %s",
		field, s.Name, catcher.Type, catcher.Name, dmapCatchAllTarget(catcher), field)
}

// dmapCannotFail reports whether no catchable error can fail an execution
// of scope sc: every state reachable from StartAt is one that raises no
// error of its own (Pass, Wait, Succeed, a Choice with a Default) or
// catches every error, and no Fail state is reachable. It returns the first
// catch-all state it met. Errors no Catch handles (States.Runtime,
// States.DataLimitExceeded) are not considered.
func dmapCannotFail(sc *asl.Scope) (catcher *asl.State, ok bool) {
	start, _ := sc.StartAt().StringValue()
	first := sc.Lookup(start)
	if first == nil {
		return nil, false
	}
	seen := map[*asl.State]bool{first: true}
	queue := []*asl.State{first}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		switch s.Type {
		case "Pass", "Wait", "Succeed":
		case "Choice":
			if s.Field("Default") == nil {
				return nil, false // States.NoChoiceMatched
			}
		case "Task", "Parallel", "Map":
			if dmapCatchesAll(s) {
				if catcher == nil {
					catcher = s
				}
				break
			}
			if s.Type == "Task" {
				return nil, false
			}
			for _, child := range s.Children {
				c, ok := dmapCannotFail(child)
				if !ok {
					return nil, false
				}
				if catcher == nil {
					catcher = c
				}
			}
		default: // Fail, or an unknown type
			return nil, false
		}
		for _, t := range s.Transitions() {
			if n := sc.Lookup(t.Target); n != nil && !seen[n] {
				seen[n] = true
				queue = append(queue, n)
			}
		}
	}
	return catcher, true
}

// dmapCatchesAll reports whether the state's catchers handle every
// catchable error: States.ALL, or States.TaskFailed (all but States.Timeout)
// together with States.Timeout or on a Task without a timeout or heartbeat.
func dmapCatchesAll(s *asl.State) bool {
	names := map[string]bool{}
	for _, c := range arrayObjects(s.Field("Catch")) {
		for _, e := range dmapElems(c.Get("ErrorEquals")) {
			if name, ok := e.StringValue(); ok {
				names[name] = true
			}
		}
	}
	if names["States.ALL"] {
		return true
	}
	if !names["States.TaskFailed"] || names["States.Timeout"] {
		return names["States.TaskFailed"]
	}
	// States.TaskFailed matches everything but the timeouts: a Task without
	// TimeoutSeconds can still time out on a missed heartbeat
	// (States.HeartbeatTimeout, which States.Timeout also matches).
	noTimeout := s.Type == "Task" && s.Field("TimeoutSeconds") == nil && s.Field("TimeoutSecondsPath") == nil
	noHeartbeat := s.Field("HeartbeatSeconds") == nil && s.Field("HeartbeatSecondsPath") == nil
	return noTimeout && (noHeartbeat || names["States.HeartbeatTimeout"])
}

// dmapCatchAllTarget names where the state's last catcher goes.
func dmapCatchAllTarget(s *asl.State) string {
	cs := arrayObjects(s.Field("Catch"))
	if len(cs) == 0 {
		return ""
	}
	return cs[len(cs)-1].GetString("Next")
}

// dmapElems returns the elements of an array node, or nil.
func dmapElems(n *asl.Node) []*asl.Node {
	if n == nil || n.Kind != asl.Array {
		return nil
	}
	return n.Elems
}
