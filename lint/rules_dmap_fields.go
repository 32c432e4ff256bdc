package lint

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfnsim/sfnsim/asl/jsonata"

	"github.com/sfnsim/sfnsim/asl"
)

// Distributed Map, part 2: fields that exclude each other and the numbers
// of the Map Run — concurrency, failure tolerance, label, batch sizes and
// MaxItems. Source: distributed-map.md §1.1–§1.3 and §2.

var ruleDmapExclusive = register(&Rule{
	ID: "DMAP007", Name: "map-exclusive-fields", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "a Map state sets both fields of an exclusive pair",
	Doc: "Several Map settings are given either literally or through a reference path into the input: " +
		"MaxConcurrency/MaxConcurrencyPath, ToleratedFailurePercentage/…Path, ToleratedFailureCount/…Path, " +
		"ReaderConfig MaxItems/MaxItemsPath, ItemBatcher MaxItemsPerBatch/…Path and " +
		"MaxInputBytesPerBatch/…Path. Others are an old and a new name of one field: ItemProcessor/Iterator, " +
		"ItemSelector/Parameters. Items (JSONata) and ItemsPath (JSONPath) both select the items. Set one " +
		"field of each pair. When one of the two does not exist in the state's query language, DMAP037 " +
		"reports it instead.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 10, "MaxConcurrencyPath": "$.concurrency",
  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrencyPath": "$.concurrency",
  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "map"},
	Source: "ASL specification: Map state; AWS Using Map state in Distributed mode",
})

var ruleDmapMaxConcurrency = register(&Rule{
	ID: "DMAP010", Name: "max-concurrency-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "MaxConcurrency is negative or not an integer",
	Doc: "MaxConcurrency is the number of iterations (or child executions) that may run at once: a " +
		"non-negative integer, 0 meaning no limit. In a JSONata state it may be a \"{% … %}\" expression. " +
		"To read it from the input in a JSONPath state, use MaxConcurrencyPath.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2.5,
  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2,
  "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "map"},
	Source: "ASL specification: Map state (MaxConcurrency)",
})

var ruleDmapConcurrencyLimit = register(&Rule{
	ID: "DMAP011", Name: "max-concurrency-over-limit", Severity: Warning,
	Summary: "a Distributed Map's MaxConcurrency is above 10,000",
	Doc: "A Map Run runs at most 10,000 child executions at once, whatever MaxConcurrency says (AWS " +
		"service quotas, hard limit). A higher value promises a parallelism that will not happen; set " +
		"10000, or 0 for the maximum.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 50000,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 10000,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"distributed-map", "quota"},
	Source: "AWS Step Functions service quotas (parallel child executions per Map Run)",
})

var ruleDmapLambdaConcurrency = register(&Rule{
	ID: "DMAP012", Name: "lambda-concurrency", Severity: Warning,
	Summary: "children that invoke Lambda may run with more concurrency than Lambda allows",
	Doc: "Without MaxConcurrency (or with 0) a Distributed Map runs up to 10,000 child executions at once. " +
		"When they invoke Lambda, that exceeds the account's Lambda concurrency (1,000 per Region by " +
		"default; set the assumed value with the lint options), and the excess calls fail with " +
		"Lambda.TooManyRequestsException — retried if a Retry covers it, else failed items. AWS's Distributed " +
		"Map documentation recommends a MaxConcurrency that fits the downstream service. Set MaxConcurrency " +
		"to the concurrency the function can get (its reserved concurrency, or the account limit shared " +
		"with everything else), or raise the Lambda quota.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true}}},
  "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 500,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true}}},
  "End": true}}}`,
	Tags:   []string{"distributed-map", "lambda", "throttling"},
	Source: "AWS Using Map state in Distributed mode (MaxConcurrency note); AWS Lambda function scaling",
})

var ruleDmapToleratedPercentage = register(&Rule{
	ID: "DMAP013", Name: "tolerated-failure-percentage-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ToleratedFailurePercentage is not a number from 0 to 100",
	Doc: "ToleratedFailurePercentage is the share of failed items a Map Run accepts before it fails: a " +
		"number from 0 to 100, fractions allowed (0.5 was observed working). In a JSONata state it may be a " +
		"\"{% … %}\" expression; to read it from the input in a JSONPath state use " +
		"ToleratedFailurePercentagePath.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentage": 150,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailurePercentage": 15,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "ASL specification: Map state; AWS Using Map state in Distributed mode (tolerated failure threshold)",
})

var ruleDmapToleratedCount = register(&Rule{
	ID: "DMAP014", Name: "tolerated-failure-count-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ToleratedFailureCount is negative or not an integer",
	Doc: "ToleratedFailureCount is the number of failed items a Map Run accepts before it fails: a " +
		"non-negative integer. In a JSONata state it may be a \"{% … %}\" expression; to read it from the " +
		"input in a JSONPath state use ToleratedFailureCountPath.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": -1,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ToleratedFailureCount": 1,
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "ASL specification: Map state (ToleratedFailureCount)",
})

var ruleDmapLabel = register(&Rule{
	ID: "DMAP015", Name: "map-label-invalid", Severity: Error, AWSCode: "INVALID_LABEL_NAME",
	Summary: "a Map Label is empty, longer than 40 characters or contains a forbidden character",
	Doc: "Label names the Map Run in its ARN and in the child executions' names, so it must be 1 to 40 " +
		"characters long, with no whitespace, none of ? * < > { } [ ] : ; , \\ | ^ ~ $ # % & \" ` and no " +
		"control characters (U+0000–U+001F, U+007F–U+009F). Letters, digits, - and _ are always safe; " +
		"whether / is accepted is unverified. Without a Label, AWS generates one.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "Label": "resize images",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "Label": "resize-images",
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "naming"},
	Source: "AWS Using Map state in Distributed mode (Label); observed AWS code INVALID_LABEL_NAME",
})

var ruleDmapLabelDuplicate = register(&Rule{
	ID: "DMAP016", Name: "map-label-duplicate", Severity: Error, AWSCode: "DUPLICATE_LABEL_NAME",
	Summary: "two Map states of one definition have the same Label",
	Doc: "A Map Run's ARN and its child executions are named after the Label, so labels must be unique " +
		"in the state machine, nested Maps included. Rename one of them.",
	Bad: `{"StartAt": "A", "States": {
  "A": {"Type": "Map", "ItemsPath": "$.items", "Label": "resize", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "B"},
  "B": {"Type": "Map", "ItemsPath": "$.items", "Label": "resize", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "A", "States": {
  "A": {"Type": "Map", "ItemsPath": "$.items", "Label": "resize", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "B"},
  "B": {"Type": "Map", "ItemsPath": "$.items", "Label": "thumbnail", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "Q", "States": {"Q": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "naming"},
	Source: "AWS Using Map state in Distributed mode (Label); AWS code DUPLICATE_LABEL_NAME",
})

var ruleDmapBatcherSize = register(&Rule{
	ID: "DMAP017", Name: "item-batcher-size-missing", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "an ItemBatcher sets no batch size",
	Doc: "An ItemBatcher needs at least one of MaxItemsPerBatch, MaxInputBytesPerBatch or their *Path " +
		"forms; BatchInput alone does not say how to batch. With only a count, batches are still capped " +
		"at 256 KiB; with both, the count is lowered to respect the byte size.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"BatchInput": {"run": "nightly"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxItemsPerBatch": 100, "BatchInput": {"run": "nightly"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "ASL specification: Map state (ItemBatcher); AWS ItemBatcher (Map)",
})

var ruleDmapBatchSize = register(&Rule{
	ID: "DMAP018", Name: "item-batcher-size-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "MaxItemsPerBatch is not a positive integer, or MaxInputBytesPerBatch not from 1 to 262,144",
	Doc: "MaxItemsPerBatch is a positive integer. MaxInputBytesPerBatch is a positive integer of at most " +
		"262,144 (256 KiB, the payload limit of a child execution's input). In a JSONata state either may " +
		"be a \"{% … %}\" expression.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxInputBytesPerBatch": 1048576},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "ItemBatcher": {"MaxInputBytesPerBatch": 262144},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map"},
	Source: "AWS ItemBatcher (Map)",
})

var ruleDmapMaxItems = register(&Rule{
	ID: "DMAP026", Name: "max-items-invalid", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary: "ReaderConfig.MaxItems is negative, above 100,000,000 or not an integer",
	Doc: "MaxItems limits how many items the ItemReader reads: an integer from 0 to 100,000,000, 0 " +
		"meaning no limit (observed). In a JSONata state it may be a \"{% … %}\" expression; in a JSONPath " +
		"state MaxItemsPath reads it from the input.",
	Bad: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": -5},
    "Parameters": {"Bucket": "my-bucket", "Key": "items.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Good: `{"StartAt": "M", "States": {"M": {"Type": "Map",
  "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 5},
    "Parameters": {"Bucket": "my-bucket", "Key": "items.json"}},
  "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "my-results"}},
  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
    "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "End": true}}}`,
	Tags:   []string{"correctness", "distributed-map", "item-reader"},
	Source: "AWS ItemReader (Map); ASL specification: Map state (ReaderConfig); observed MaxItems 0",
})

// Limits of the Map Run (AWS service quotas; ItemBatcher and ItemReader
// pages).
const (
	dmapMaxChildren    = 10000
	dmapMaxBatchBytes  = 262144
	dmapMaxItemsLimit  = 100000000
	dmapLabelMaxRunes  = 40
	dmapLabelForbidden = "?*<>{}[]:;,\\|^~$#%&\"`"
)

// dmapPair is two fields of one object of which at most one may be set.
type dmapPair struct{ a, b string }

var (
	dmapMapPairs = []dmapPair{
		{"ItemProcessor", "Iterator"}, {"ItemSelector", "Parameters"}, {"Items", "ItemsPath"},
		{"MaxConcurrency", "MaxConcurrencyPath"}, {"ToleratedFailurePercentage", "ToleratedFailurePercentagePath"},
		{"ToleratedFailureCount", "ToleratedFailureCountPath"},
	}
	dmapReaderConfigPairs = []dmapPair{{"MaxItems", "MaxItemsPath"}}
	dmapBatcherPairs      = []dmapPair{
		{"MaxItemsPerBatch", "MaxItemsPerBatchPath"}, {"MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath"},
	}
)

func init() {
	addCheck(check{
		machine: checkDmapLabelsUnique,
		state: func(p *Pass, s *asl.State) {
			if s.Type != "Map" || s.Node.Kind != asl.Object {
				return
			}
			rc := s.Field("ItemReader").Get("ReaderConfig")
			batcher := s.Field("ItemBatcher")
			checkDmapPairs(p, s, s.Node, dmapMapPairs)
			checkDmapPairs(p, s, rc, dmapReaderConfigPairs)
			checkDmapPairs(p, s, batcher, dmapBatcherPairs)
			checkDmapConcurrency(p, s)
			checkDmapTolerance(p, s)
			checkDmapLabel(p, s)
			checkDmapBatcher(p, s, batcher)
			if v := rc.Get("MaxItems"); v != nil {
				dmapCheckNumber(p, ruleDmapMaxItems, s, v, dmapRange{integer: true, max: dmapMaxItemsLimit, hasMax: true,
					want: "an integer from 0 to 100,000,000 (0 means no limit)", pathField: "MaxItemsPath"})
			}
		},
	})
}

// checkDmapPairs reports the later field of each pair set twice in obj
// (DMAP007). A pair with a field of the other query language is left to
// DMAP037, which names the field to remove.
func checkDmapPairs(p *Pass, s *asl.State, obj *asl.Node, pairs []dmapPair) {
	if obj == nil || obj.Kind != asl.Object {
		return
	}
	for _, pair := range pairs {
		a, b := obj.Member(pair.a), obj.Member(pair.b)
		if a == nil || b == nil {
			continue
		}
		if dmapWrongLanguage(s, pair.a) || dmapWrongLanguage(s, pair.b) {
			continue
		}
		switch pair.b {
		case "Iterator", "Parameters":
			p.ReportKey(ruleDmapExclusive, obj, pair.b, "%q and %q cannot both be set; remove %q, the deprecated name of %q",
				pair.a, pair.b, pair.b, pair.a)
			continue
		}
		later := pair.b
		if b.KeyRange.Start.Offset < a.KeyRange.Start.Offset {
			later = pair.a
		}
		p.ReportKey(ruleDmapExclusive, obj, later, "%q and %q cannot both be set; keep one", pair.a, pair.b)
	}
}

// dmapWrongLanguage reports whether a Map field (or a field of its
// ItemReader, ReaderConfig or ItemBatcher) does not exist in the state's
// query language. A state with an invalid QueryLanguage has no wrong fields.
func dmapWrongLanguage(s *asl.State, field string) bool {
	switch s.QueryLanguage {
	case asl.JSONata:
		return strings.HasSuffix(field, "Path") || field == "Parameters"
	case asl.JSONPath:
		return field == "Items" || field == "Arguments" || field == "Output"
	}
	return false
}

// checkDmapConcurrency checks MaxConcurrency (DMAP010, DMAP011) and the
// Lambda concurrency its children may need (DMAP012).
func checkDmapConcurrency(p *Pass, s *asl.State) {
	mc := s.Field("MaxConcurrency")
	n, isNum := int64(0), false
	if mc != nil {
		var f float64
		f, isNum = dmapCheckNumber(p, ruleDmapMaxConcurrency, s, mc, dmapRange{integer: true,
			want: "a non-negative integer (0 means no limit)", pathField: "MaxConcurrencyPath"})
		n = int64(f)
	}
	if !s.IsDistributed() {
		return
	}
	if isNum && n > dmapMaxChildren {
		p.Report(ruleDmapConcurrencyLimit, mc,
			"MaxConcurrency %d is above 10,000, the most child executions a Map Run runs at once; set 10000, or 0 for the maximum", n)
	}
	if (mc != nil && !isNum) || s.Field("MaxConcurrencyPath") != nil {
		return // decided at run time
	}
	lambda := dmapLambdaTask(p, s)
	if lambda == nil {
		return
	}
	limit := int64(p.Options.LambdaConcurrency)
	running := n // children running at once
	if mc == nil || n == 0 || n > dmapMaxChildren {
		running = dmapMaxChildren
	}
	if running <= limit {
		return
	}
	switch {
	case mc == nil:
		p.ReportRange(ruleDmapLambdaConcurrency, s.Node.Pointer(), s.NameRange, fmt.Sprintf(
			"Map state %q sets no MaxConcurrency, so up to 10,000 child executions run at once, and Task %q in them invokes Lambda, beyond the account's Lambda concurrency (%d): invocations get throttled (Lambda.TooManyRequestsException); set \"MaxConcurrency\" to %d or less",
			s.Name, lambda.Name, limit, limit))
	case n == 0:
		p.Report(ruleDmapLambdaConcurrency, mc,
			"MaxConcurrency 0 lets up to 10,000 child executions run at once, and Task %q in them invokes Lambda, beyond the account's Lambda concurrency (%d): invocations get throttled (Lambda.TooManyRequestsException); set MaxConcurrency to %d or less",
			lambda.Name, limit, limit)
	case n > limit:
		p.Report(ruleDmapLambdaConcurrency, mc,
			"MaxConcurrency %d is above the account's Lambda concurrency (%d), and Task %q in the child executions invokes Lambda: invocations get throttled (Lambda.TooManyRequestsException); set MaxConcurrency to %d or less, or raise the Lambda quota",
			n, limit, lambda.Name, limit)
	}
}

// dmapLambdaTask returns the first Task in the Map's processor, nested
// scopes included, that invokes a Lambda function, or nil.
func dmapLambdaTask(p *Pass, s *asl.State) *asl.State {
	for _, sc := range dmapScopesUnder(p.Machine, s) {
		for _, t := range sc.States {
			if t.Type != "Task" {
				continue
			}
			if r, ok := t.Field("Resource").StringValue(); ok && dmapInvokesLambda(r) {
				return t
			}
		}
	}
	return nil
}

// dmapInvokesLambda reports whether a Task Resource calls Lambda: a function
// ARN, or the lambda:invoke integration (any pattern).
func dmapInvokesLambda(res string) bool {
	r := dmapNormalizeARN(res)
	if !strings.HasPrefix(r, "arn:") {
		return false
	}
	parts := strings.SplitN(r, ":", 6)
	if len(parts) < 6 {
		return false
	}
	return parts[2] == "lambda" || (parts[2] == "states" && strings.HasPrefix(parts[5], "lambda:invoke"))
}

// dmapScopesUnder lists the scopes a Map state's processor consists of: the
// processor itself and every branch or processor nested in it.
func dmapScopesUnder(m *asl.Machine, s *asl.State) []*asl.Scope {
	var out []*asl.Scope
	for _, sc := range m.Scopes {
		for c := sc; c != nil; c = c.Parent {
			if c.Owner == s {
				out = append(out, sc)
				break
			}
		}
	}
	return out
}

// checkDmapTolerance checks the two failure tolerances (DMAP013, DMAP014).
func checkDmapTolerance(p *Pass, s *asl.State) {
	if v := s.Field("ToleratedFailurePercentage"); v != nil {
		dmapCheckNumber(p, ruleDmapToleratedPercentage, s, v, dmapRange{max: 100, hasMax: true,
			want: "a number from 0 to 100", pathField: "ToleratedFailurePercentagePath"})
	}
	if v := s.Field("ToleratedFailureCount"); v != nil {
		dmapCheckNumber(p, ruleDmapToleratedCount, s, v, dmapRange{integer: true,
			want: "a non-negative integer", pathField: "ToleratedFailureCountPath"})
	}
}

// checkDmapBatcher checks the ItemBatcher's size fields (DMAP017, DMAP018).
func checkDmapBatcher(p *Pass, s *asl.State, b *asl.Node) {
	if b == nil || b.Kind != asl.Object {
		return
	}
	if !b.Has("MaxItemsPerBatch") && !b.Has("MaxItemsPerBatchPath") &&
		!b.Has("MaxInputBytesPerBatch") && !b.Has("MaxInputBytesPerBatchPath") {
		p.ReportKey(ruleDmapBatcherSize, s.Node, "ItemBatcher",
			"ItemBatcher of Map state %q sets no batch size; add \"MaxItemsPerBatch\", \"MaxInputBytesPerBatch\" or both", s.Name)
	}
	if v := b.Get("MaxItemsPerBatch"); v != nil {
		dmapCheckNumber(p, ruleDmapBatchSize, s, v, dmapRange{integer: true, min: 1,
			want: "a positive integer", pathField: "MaxItemsPerBatchPath"})
	}
	if v := b.Get("MaxInputBytesPerBatch"); v != nil {
		dmapCheckNumber(p, ruleDmapBatchSize, s, v, dmapRange{integer: true, min: 1, max: dmapMaxBatchBytes, hasMax: true,
			want: "an integer from 1 to 262,144 (256 KiB)", pathField: "MaxInputBytesPerBatchPath"})
	}
}

// dmapRange says which numbers a field takes.
type dmapRange struct {
	integer   bool
	min, max  float64 // inclusive; max only when hasMax
	hasMax    bool
	want      string // "a non-negative integer"
	pathField string // the *Path field that reads the value from the input
}

// dmapCheckNumber reports v under rule r when it is not a number in range,
// and returns its value when it is a number that can be judged. A JSONata
// expression in a JSONata state is accepted unseen; a ${…} placeholder is
// opaque.
func dmapCheckNumber(p *Pass, r *Rule, s *asl.State, v *asl.Node, want dmapRange) (float64, bool) {
	field := v.Key()
	switch v.Kind {
	case asl.Number:
	case asl.String:
		str := v.Str
		switch {
		case isPlaceholder(str):
		case jsonata.IsExpression(str) && s.QueryLanguage == asl.JSONata:
		case jsonata.IsExpression(str):
			p.Report(r, v, "%s is a JSONata expression, but state %q uses JSONPath; write a number, use %q to read it from the input, or set \"QueryLanguage\": \"JSONata\"",
				field, s.Name, want.pathField)
		case strings.HasPrefix(str, "$") && s.QueryLanguage != asl.JSONata:
			p.Report(r, v, "%s must be %s, not the path %q; to read it from the input use %q",
				field, want.want, str, want.pathField)
		default:
			p.Report(r, v, "%s must be %s, not the string %q", field, want.want, str)
		}
		return 0, false
	default:
		p.Report(r, v, "%s must be %s, not %s", field, want.want, dmapKind(v))
		return 0, false
	}
	f, ok := v.Float()
	if !ok {
		return 0, false
	}
	if (want.integer && !v.IsInteger()) || f < want.min || (want.hasMax && f > want.max) {
		p.Report(r, v, "%s must be %s, not %s", field, want.want, v.Str)
		return 0, false
	}
	return f, true
}

// checkDmapLabel checks one Label (DMAP015).
func checkDmapLabel(p *Pass, s *asl.State) {
	v := s.Field("Label")
	label, ok := v.StringValue()
	if !ok || isPlaceholder(label) {
		return // another type (a schema finding), or a template placeholder
	}
	if label == "" {
		p.Report(ruleDmapLabel, v, "Label is empty; give the Map Run a name of 1 to 40 characters, or remove Label to let AWS generate one")
		return
	}
	if n := utf8.RuneCountInString(label); n > dmapLabelMaxRunes {
		p.Report(ruleDmapLabel, v, "Label %q is %d characters long; the limit is %d", label, n, dmapLabelMaxRunes)
		return
	}
	for off, c := range label {
		var what string
		switch {
		case c <= 0x1f || (c >= 0x7f && c <= 0x9f):
			what = fmt.Sprintf("the control character U+%04X", c)
		case unicode.IsSpace(c):
			what = "whitespace"
		case strings.ContainsRune(dmapLabelForbidden, c):
			what = quote(string(c))
		default:
			continue
		}
		p.ReportInString(ruleDmapLabel, v, off, utf8.RuneLen(c), "Label %q contains %s, which labels cannot contain; use letters, digits, - and _", label, what)
		return
	}
}

// checkDmapLabelsUnique reports a Label used by two Map states (DMAP016).
func checkDmapLabelsUnique(p *Pass) {
	first := map[string]*asl.Node{}
	owner := map[string]*asl.State{}
	for _, s := range p.Machine.States {
		if s.Type != "Map" {
			continue
		}
		v := s.Field("Label")
		label, ok := v.StringValue()
		if !ok || label == "" {
			continue
		}
		if prev, seen := first[label]; seen {
			p.Report(ruleDmapLabelDuplicate, v, "Label %q is already used by Map state %q at %s; Map labels must be unique in the state machine",
				label, owner[label].Name, p.where(prev.Range))
			continue
		}
		first[label], owner[label] = v, s
	}
}
