package engine

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/asl/payload"
	"github.com/sfnsim/sfnsim/engine/itemreader"
	"github.com/sfnsim/sfnsim/engine/resultwriter"
)

// A Distributed Map runs a Map Run: it reads items (ItemReader, or the
// state input), applies ItemSelector, groups items with ItemBatcher, and
// starts one child execution per item or batch, at most MaxConcurrency at
// once, each a new Execution of the ItemProcessor of type ExecutionType.
// Failed items are judged against ToleratedFailurePercentage and
// ToleratedFailureCount; results go to the state output or, with a
// ResultWriter, to the object store (distributed-map.md §3).

// MaxChildren is the most children a Map Run runs at once, whatever its
// MaxConcurrency (AWS service quotas: 10,000).
const MaxChildren = 10_000

// placeholder stands for the payload of a control-only child: an item
// that nothing will look at, so it was never decoded.
type placeholder struct{ _ byte }

var controlOnly any = &placeholder{}

// Skipper is an item iterator that can pass over an item without decoding
// it; control-only Map Runs use it.
type Skipper interface {
	Skip() error
}

// Counted is an item iterator that knows how many items it will yield, so
// that the tolerated failure percentage can be judged before the last item
// is read. Without it the percentage is judged once the source is
// exhausted (how AWS judges it while still reading is not documented).
type Counted interface {
	Total() int64
}

type mapRun struct {
	t *thread
	// rt is held apart from t: t may belong to a child Execution that is
	// recycled while EXPRESS grandchildren of this run still run on.
	rt  *runtime
	gen uint64
	arn string
	id  string
	// childArn is the state machine ARN of the children.
	childArn string

	it          itemreader.Iterator
	exhausted   bool
	controlOnly bool
	eff         any
	read        int // items read
	total       int // known total, or -1
	started     int // children started
	totalLearnt bool
	running     int
	limit       int

	maxPerBatch int
	maxBytes    int
	batchInput  any
	carry       any // an item read but left out of a full batch
	hasCarry    bool

	tolPct, tolCnt float64 // notSet when not set
	failedItems    int

	results []any
	// keepResults is unset when nothing reads the results (ResultPath
	// null); resultBytes sums their size, overflow notes it passed 256 KiB.
	keepResults bool
	resultBytes int
	overflow    bool
	records     []*resultwriter.Record // WriterConfig without export
	wcfg        resultwriter.Config
	hasWcfg     bool
	writer      *resultwriter.Writer
	children    []*Execution // running, for aborting
	ended       bool
	filling     bool

	// info is what a Pacer sees; held is a child whose start a Pacer
	// delayed, with its input.
	info      MapRunInfo
	waiting   bool
	held      bool
	heldInput any
	heldItems int
	resume    func()

	// expiry queues the EXPRESS children in start order, which is their
	// deadline order (all have the same five minutes): one timer per Map
	// Run watches the earliest, instead of one per child.
	// source is $$.Map.Item.Source: STATE_DATA, or the S3 object or
	// bucket read.
	source string

	// discard is set when the ResultWriter's store is resultwriter.Discard:
	// categories then notes which result files the run would write
	// (SUCCEEDED, FAILED, PENDING).
	discard    bool
	categories [3]bool

	expiry      expiryQueue
	expiryTimer bool
	expire      func()

	// visit counts the runs of this Map state in the top-level execution,
	// within the same inline Map iterations, before this one; -1 for a run
	// inside a child (see ChildKey).
	visit  int
	within string
}

// iterationPath writes inline Map iterations as ChildKey.Within does.
func iterationPath(iter []Iteration) string {
	var b strings.Builder
	for i, it := range iter {
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(it.Map)
		b.WriteByte('[')
		b.WriteString(strconv.Itoa(it.Index))
		b.WriteByte(']')
	}
	return b.String()
}

// topLevel reports whether the run belongs to the top-level execution:
// only those are drained and redriven.
func (mr *mapRun) topLevel() bool { return mr.visit >= 0 }

func (t *thread) runMapRun() {
	s, m := t.s, t.s.mapc
	x := t.x
	rt := x.rt
	mr := &mapRun{t: t, rt: rt, total: -1, tolPct: notSet, tolCnt: notSet, visit: -1}
	if x.Parent == nil {
		if rt.visits == nil {
			rt.visits = map[[2]string]int{}
		}
		mr.within = iterationPath(t.iter)
		at := [2]string{s.name, mr.within}
		mr.visit = rt.visits[at]
		rt.visits[at]++
	}
	var err error
	mr.eff = t.raw
	if !s.jsonata {
		if mr.eff, err = t.effectiveInput(); err != nil {
			t.fail(err)
			return
		}
	}
	if err = mr.configure(); err != nil {
		t.fail(err)
		return
	}
	mr.learnTotal()
	rt.stats.MapRuns++
	mr.id = rt.uuid()
	label := m.label
	if label == "" {
		label = rt.uuid()
	}
	mr.arn = strings.Replace(x.StateMachineArn, ":stateMachine:", ":mapRun:", 1) + "/" + label + ":" + mr.id
	mr.childArn = childStateMachineArn(x.StateMachineArn, m.label, mr.arn)
	if x.listening() {
		// The length is 0 with an ItemReader (distributed-map.md §3.1),
		// the number of items taken from the input otherwise.
		length := 0
		if m.reader == nil {
			length = mr.total
		}
		t.emit(&Event{Type: "MapStateStarted", Output: jsonInt(length)})
		t.emit(&Event{Type: "MapRunStarted", MapRunArn: mr.arn})
	} else {
		x.countN(2)
	}
	if m.writer != nil && mr.wcfg.Export {
		w := rt.opts.Writer
		if w == nil {
			mr.close()
			mr.failRun(&asl.StatesError{Name: asl.ErrResultWriterFailed, Cause: "no object store is configured to write the Map Run results to s3://" + mr.wcfg.Bucket})
			return
		}
		if w == resultwriter.Discard {
			mr.discard = true
		} else {
			mr.writer = resultwriter.New(countingWriter{w, rt.stats}, mr.wcfg, mr.arn, mr.id)
		}
	}
	t.gen++
	mr.gen = t.gen
	t.cancel = mr.abort
	mr.info = MapRunInfo{Arn: mr.arn, State: s.name, Started: rt.clock.Now(), Parent: x}
	if mr.topLevel() {
		rt.liveRuns.add(mr) // Drain stops these
	}
	mr.resume = mr.resumeFill
	mr.expire = mr.expireChildren
	mr.fill()
}

// MapRunInfo describes a Map Run to a Pacer.
type MapRunInfo struct {
	Arn, State string
	// Started is when the run started; ChildrenStarted counts the children
	// it has started so far.
	Started         time.Time
	ChildrenStarted int
	Parent          *Execution
	// Pacing is the Pacer's own, for what it keeps per run.
	Pacing any
}

// configure resolves the Map Run's fields against the state input.
func (mr *mapRun) configure() error {
	t := mr.t
	s, m := t.s, t.s.mapc
	rt := t.x.rt
	conc, err := t.resolve(m.maxConc, mr.eff)
	if err != nil {
		return err
	}
	mr.limit = MaxChildren
	if conc > 0 && conc < MaxChildren {
		mr.limit = int(conc)
	}
	if mr.tolPct, err = t.resolve(m.tolPct, mr.eff); err != nil {
		return err
	}
	if mr.tolPct != notSet && (mr.tolPct < 0 || mr.tolPct > 100) {
		return asl.Runtime("ToleratedFailurePercentage must be between 0 and 100.")
	}
	if mr.tolCnt, err = t.resolve(m.tolCnt, mr.eff); err != nil {
		return err
	}
	if mr.tolCnt != notSet && mr.tolCnt < 0 {
		return asl.Runtime("ToleratedFailureCount cannot be negative.")
	}
	if m.batcher {
		var n float64
		if n, err = t.resolve(m.batchMaxItems, mr.eff); err != nil {
			return err
		}
		mr.maxPerBatch = int(max(n, 0))
		if n, err = t.resolve(m.batchMaxBytes, mr.eff); err != nil {
			return err
		}
		mr.maxBytes = int(max(n, 0))
		if mr.maxBytes == 0 || mr.maxBytes > payload.MaxPayloadBytes {
			mr.maxBytes = payload.MaxPayloadBytes
		}
		switch {
		case m.batchInputJ != nil:
			mr.batchInput, err = m.batchInputJ.eval(t.jenv(nil, false, nil))
		case m.batchInput != nil:
			mr.batchInput, err = m.batchInput.Eval(t.pathEnv(mr.eff))
		}
		if err != nil {
			return err
		}
	}
	if m.writer != nil {
		var args map[string]any
		if args, err = t.evalArgs(m.writerParams, m.writerArgsJ, mr.eff); err != nil {
			return err
		}
		if mr.wcfg, err = resultwriter.ParseConfig(m.writer, args); err != nil {
			return err
		}
		mr.hasWcfg = true
	}
	// Control-only: nothing reads the items — not the children, not the
	// backend — and nothing reads the children's outputs: they go to an
	// exported ResultWriter, or the Map's ResultPath drops them.
	resultUnread := mr.wcfg.Export || !s.jsonata && s.resultPath.Null
	mr.keepResults = !(!s.jsonata && s.resultPath.Null)
	// Batches are capped at 256 KiB whether or not MaxInputBytesPerBatch is
	// set (distributed-map.md §1.3), so batching needs the items' sizes.
	mr.controlOnly = rt.opts.InputFree && m.proc.dataFree && m.itemSelector == nil && m.itemSelectorJ == nil &&
		!m.batcher && resultUnread
	if m.reader == nil {
		items, err := t.items(mr.eff)
		if err != nil {
			return err
		}
		mr.it = &sliceItems{items: items}
		mr.total = len(items)
		mr.source = "STATE_DATA"
		mr.wrapItems(nil)
		return nil
	}
	args, err := t.evalArgs(m.readerParams, m.readerArgsJ, mr.eff)
	if err != nil {
		return err
	}
	cfg, err := itemreader.ParseConfig(m.reader, args)
	if err != nil {
		return err
	}
	if m.maxItems.set && (m.maxItems.path != nil || m.maxItems.expr != nil) {
		n, err := t.resolve(m.maxItems, mr.eff)
		if err != nil {
			return err
		}
		cfg.MaxItems = int64(n)
	}
	mr.source = "s3://" + cfg.Bucket
	if cfg.Key != "" {
		mr.source += "/" + cfg.Key
	}
	if mr.it, err = rt.openItems(s.name, cfg); err != nil {
		return err
	}
	mr.wrapItems(&cfg)
	return nil
}

// ItemSource describes a Distributed Map's item source to
// Options.ItemSource.
type ItemSource struct {
	// State is the Map state; TopLevel is set when it runs in the top-level
	// execution (not in a child of another Distributed Map).
	State    string
	TopLevel bool
	// Reader is set for an ItemReader; MaxItems is its limit (0: none);
	// Listing is set when its items are the objects of a bucket listing
	// (listObjectsV2 without LOAD_AND_FLATTEN), whose LIST requests grow
	// with the number of items.
	Reader   bool
	MaxItems int64
	Listing  bool
}

// wrapItems hands the item source to Options.ItemSource, and learns the
// number of items when the source knows it.
func (mr *mapRun) wrapItems(cfg *itemreader.Config) {
	if wrap := mr.rt.opts.ItemSource; wrap != nil {
		src := ItemSource{State: mr.t.s.name, TopLevel: mr.t.x.Parent == nil, Reader: cfg != nil}
		if cfg != nil {
			src.MaxItems = cfg.MaxItems
			src.Listing = cfg.Resource == itemreader.ResourceListObjectsV2 && cfg.Transformation != "LOAD_AND_FLATTEN"
		}
		mr.it = wrap(src, mr.it)
	}
	if c, ok := mr.it.(Counted); ok {
		mr.total = int(c.Total())
	}
}

// evalArgs evaluates the Parameters (JSONPath) or Arguments (JSONata) of
// an ItemReader or ResultWriter.
func (t *thread) evalArgs(tpl interface {
	Eval(*payload.Env) (any, error)
}, j *jvalue, eff any) (map[string]any, error) {
	var v any
	var err error
	switch {
	case j != nil:
		v, err = j.eval(t.jenv(nil, false, nil))
	case tpl != nil && tpl.(*payload.Template) != nil:
		v, err = tpl.Eval(t.pathEnv(eff))
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, _ := v.(map[string]any)
	return m, nil
}

func (rt *runtime) openItems(state string, cfg itemreader.Config) (itemreader.Iterator, error) {
	if rt.opts.Items != nil {
		return rt.opts.Items(rt.ctx(), state, cfg)
	}
	if rt.opts.Store == nil {
		return nil, &asl.StatesError{Name: asl.ErrItemReaderFailed, Cause: "no object store is configured to read s3://" + cfg.Bucket + "/" + cfg.Key + cfg.Prefix + " from"}
	}
	return itemreader.Open(rt.ctx(), countingStore{rt.opts.Store, rt.stats}, cfg)
}

// countingStore counts the S3 requests an ItemReader makes: one GET per
// object read, one LIST per 1,000 keys listed (quotas-and-pricing §1.4).
type countingStore struct {
	itemreader.ObjectStore
	stats *Stats
}

func (c countingStore) GetObject(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
	c.stats.ObjectGets++
	return c.ObjectStore.GetObject(ctx, bucket, key)
}

func (c countingStore) ListObjects(ctx context.Context, bucket, prefix string, fn func(itemreader.Object) error) error {
	n := 0
	err := c.ObjectStore.ListObjects(ctx, bucket, prefix, func(o itemreader.Object) error {
		n++
		return fn(o)
	})
	c.stats.ListRequests += int64(max(1, (n+999)/1000))
	return err
}

// sliceItems iterates over the items of the state input.
type sliceItems struct {
	items []any
	i     int
}

func (s *sliceItems) Next() (any, error) {
	if s.i >= len(s.items) {
		return nil, io.EOF
	}
	s.i++
	return s.items[s.i-1], nil
}

func (s *sliceItems) Skip() error {
	_, err := s.Next()
	return err
}

func (s *sliceItems) Close() error { return nil }

// learnTotal adds the run's number of items to Stats.ItemsTotal once it is
// known (for progress reports).
func (mr *mapRun) learnTotal() {
	if mr.total >= 0 && !mr.totalLearnt {
		mr.totalLearnt = true
		mr.rt.stats.ItemsTotal += int64(mr.total)
	}
}

// live reports whether the run is still the current work of its state.
func (mr *mapRun) live() bool { return !mr.ended && mr.t.gen == mr.gen && !mr.t.dead }

// fill starts children until MaxConcurrency are running or the items run
// out, and ends the run when all are done.
//
// A child that ends at once (a Pass child) ends inside startChild, and its
// end asks for a refill: fill does not nest, its loop picks the free slot
// up, so a million such children do not grow the stack.
func (mr *mapRun) fill() {
	if mr.filling {
		return
	}
	mr.filling = true
	pacer := mr.rt.opts.Pacer
	stopping := mr.rt.draining && mr.topLevel()
	for mr.live() && mr.running < mr.limit && !mr.waiting && (!mr.exhausted || mr.held) && !stopping {
		input, n := mr.heldInput, mr.heldItems
		if mr.held {
			mr.held, mr.heldInput = false, nil
		} else {
			var err error
			if input, n, err = mr.nextInput(); err != nil {
				mr.filling = false
				mr.failRun(mr.t.stateError(err))
				return
			}
			if n == 0 {
				break
			}
			if pacer != nil {
				if d := pacer.ChildStart(&mr.info); d > 0 {
					// The child waits its turn (a start rate, the run's
					// start latency) holding its input, not a slot.
					mr.held, mr.heldInput, mr.heldItems, mr.waiting = true, input, n, true
					mr.rt.clock.After(d, mr.resume)
					break
				}
			}
		}
		if mr.redriven(input, n) {
			continue
		}
		mr.startChild(input, n)
	}
	mr.filling = false
	if !mr.live() {
		return
	}
	if mr.exhausted && mr.judge() {
		return
	}
	if mr.exhausted && mr.running == 0 && !mr.held {
		mr.succeed()
		return
	}
	if stopping && mr.running == 0 {
		mr.interrupt()
	}
}

// resumeFill starts the child a Pacer held back.
func (mr *mapRun) resumeFill() {
	mr.waiting = false
	mr.fill()
}

// nextItem reads one item and applies ItemSelector; ok is false at the end.
func (mr *mapRun) nextItem() (item any, ok bool, err error) {
	if mr.hasCarry {
		mr.hasCarry = false
		return mr.carry, true, nil
	}
	if mr.controlOnly {
		if sk, can := mr.it.(Skipper); can {
			err = sk.Skip()
			item = controlOnly
		} else {
			// Decoded anyway: an item over the payload limit is passed on
			// as it is, so that its child fails as it would on AWS.
			var real any
			if real, err = mr.it.Next(); err == nil && payload.Size(real) > payload.MaxPayloadBytes {
				item = real
			} else {
				item = controlOnly
			}
		}
	} else {
		item, err = mr.it.Next()
	}
	if errors.Is(err, io.EOF) {
		mr.exhausted = true
		mr.close()
		if mr.total < 0 {
			mr.total = mr.read
		}
		mr.learnTotal()
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	index := mr.read
	mr.read++
	mr.rt.stats.ItemsRead++
	if !mr.controlOnly {
		if item, err = mr.t.selectItem(mr.eff, index, item, mr.source); err != nil {
			return nil, false, err
		}
	}
	return item, true, nil
}

// nextInput makes the input of the next child: an item, or a batch
// {"BatchInput"?, "Items": [...]} (distributed-map.md §3.3). n is the
// number of items in it; 0 at the end.
func (mr *mapRun) nextInput() (input any, n int, err error) {
	if !mr.t.s.mapc.batcher {
		item, ok, err := mr.nextItem()
		if !ok {
			return nil, 0, err
		}
		return item, 1, nil
	}
	var items []any
	size := 0
	if mr.batchInput != nil {
		size = payload.Size(mr.batchInput) + len(`{"BatchInput":,"Items":[]}`)
	} else {
		size = len(`{"Items":[]}`)
	}
	for mr.maxPerBatch == 0 || len(items) < mr.maxPerBatch {
		item, ok, err := mr.nextItem()
		if err != nil {
			return nil, 0, err
		}
		if !ok {
			break
		}
		if !mr.controlOnly {
			add := payload.Size(item)
			if len(items) > 0 {
				add++ // the comma
			}
			if len(items) > 0 && size+add > mr.maxBytes {
				mr.carry, mr.hasCarry = item, true
				break
			}
			size += add
		}
		items = append(items, item)
	}
	if len(items) == 0 {
		return nil, 0, nil
	}
	if mr.controlOnly {
		return controlOnly, len(items), nil
	}
	batch := map[string]any{"Items": items}
	if mr.batchInput != nil {
		batch["BatchInput"] = mr.batchInput
	}
	return batch, len(items), nil
}

func (mr *mapRun) startChild(input any, items int) {
	t := mr.t
	parent := t.x
	rt := parent.rt
	m := t.s.mapc
	child := rt.newChild()
	child.Type = m.execType
	child.StateMachineArn = mr.childArn
	child.Parent = parent
	child.Index = mr.started
	child.rt = rt
	child.items = items
	mr.started++
	mr.info.ChildrenStarted = mr.started
	mr.running++
	rt.stats.ChildExecutions++
	child.slot = len(mr.children)
	mr.children = append(mr.children, child)
	if m.execType == asl.Express {
		mr.expiry.push(expiring{child, child.incarnation, rt.mono() + ExpressLimit})
		if !mr.expiryTimer {
			mr.expiryTimer = true
			rt.clock.After(ExpressLimit, mr.expire)
		}
	}
	child.mapRun = mr
	child.begin(m.proc, input, nil)
}

// childStateMachineArn is the ARN children report as their state machine:
// the parent's, with the Map's label (distributed-map.md §3.1).
func childStateMachineArn(parent, label, mapRunArn string) string {
	if label == "" {
		// The label AWS generates is the map run's own.
		i := strings.LastIndexByte(mapRunArn, ':')
		j := strings.LastIndexByte(mapRunArn[:i], '/')
		label = mapRunArn[j+1 : i]
	}
	return parent + "/" + label
}

func (mr *mapRun) childDone(child *Execution) {
	mr.running--
	last := len(mr.children) - 1
	if child.slot <= last && mr.children[child.slot] == child {
		mr.children[child.slot] = mr.children[last]
		mr.children[child.slot].slot = child.slot
		mr.children[last] = nil
		mr.children = mr.children[:last]
	}
	rt := child.rt
	if child.Status != StatusSucceeded {
		rt.stats.ChildFailed++
	}
	mr.expiry.dropEnded()
	defer rt.release(child)
	if mr.ended {
		return
	}
	if child.Status == StatusSucceeded {
		if !mr.controlOnly || mr.hasWcfg {
			if err := mr.record(child); err != nil {
				mr.failRun(err)
				return
			}
		}
	} else {
		mr.failedItems += child.items
		if err := mr.record(child); err != nil {
			mr.failRun(err)
			return
		}
		if mr.judge() {
			return
		}
	}
	mr.fill()
}

// judge fails the run when its failures exceed a tolerance: the count,
// or the percentage of all items once their number is known
// (distributed-map.md §3.4). With neither set, any failure does.
func (mr *mapRun) judge() bool {
	if mr.failedItems == 0 {
		return false
	}
	exceeded := false
	switch {
	case mr.tolCnt < 0 && mr.tolPct < 0:
		exceeded = true
	default:
		if mr.tolCnt >= 0 && float64(mr.failedItems) > mr.tolCnt {
			exceeded = true
		}
		if mr.tolPct >= 0 && mr.total > 0 && float64(mr.failedItems)*100 > mr.tolPct*float64(mr.total) {
			exceeded = true
		}
	}
	if exceeded {
		mr.failRun(&asl.StatesError{Name: asl.ErrExceedToleratedFailure, Cause: asl.ErrExceedToleratedFailureMsg})
	}
	return exceeded
}

// record keeps a child's result for the state output or the ResultWriter.
func (mr *mapRun) record(child *Execution) error {
	if !mr.hasWcfg {
		if child.Status != StatusSucceeded || !mr.keepResults || mr.overflow {
			return nil
		}
		// Past 256 KiB the run can only fail with States.DataLimitExceeded:
		// stop holding results (and memory) it will never hand on.
		if mr.resultBytes += payload.Size(child.Output) + 1; mr.resultBytes > payload.MaxPayloadBytes {
			mr.overflow, mr.results = true, nil
			return nil
		}
		for len(mr.results) <= child.Index {
			mr.results = append(mr.results, nil)
		}
		mr.results[child.Index] = child.Output
		return nil
	}
	if mr.discard {
		// Nothing will read the records: count the files they would fill.
		mr.categories[categoryOf(child.Status)] = true
		return nil
	}
	r := child.record()
	if mr.writer != nil {
		return mr.writer.Add(mr.rt.ctx(), r)
	}
	for len(mr.records) <= child.Index {
		mr.records = append(mr.records, nil)
	}
	mr.records[child.Index] = r
	return nil
}

// record is the child as a ResultWriter record.
func (x *Execution) record() *resultwriter.Record {
	x.identify()
	status := x.Status
	r := &resultwriter.Record{
		ExecutionArn: x.Arn, Name: x.Name, StateMachineArn: x.StateMachineArn, Status: status,
		Input: x.Input, Output: x.Output, Error: x.Error, Cause: x.Cause,
		StartDate: x.StartTime, StopDate: x.StopTime, RedriveCount: x.rt.opts.RedriveCount,
	}
	if r.Input == controlOnly {
		r.Input = nil
	}
	if r.Output == controlOnly {
		r.Output = nil
	}
	return r
}

func (mr *mapRun) close() {
	if mr.it != nil {
		mr.it.Close()
	}
}

// succeed ends the run once every child has ended.
func (mr *mapRun) succeed() {
	t := mr.t
	x := t.x
	mr.ended = true
	mr.rt.liveRuns.remove(mr)
	t.cancel = nil
	var out any
	var err error
	switch {
	case mr.writer != nil:
		out, err = mr.writer.Close(mr.rt.ctx())
	case mr.discard:
		x.rt.stats.ObjectsWritten += mr.filesDiscarded()
		out = resultwriter.Result(mr.wcfg, mr.arn, mr.id)
	case mr.hasWcfg:
		var arr []any
		arr, err = resultwriter.Transform(mr.wcfg, compactRecords(mr.records))
		out = arr
	case mr.controlOnly:
		// The result is dropped (ResultPath null): no need to hold a
		// million nulls.
		out = nil
	case mr.overflow:
		err = &asl.StatesError{Name: asl.ErrDataLimitExceeded,
			Cause: "The state/task '" + t.s.name + "' returned a result with a size exceeding the maximum number of bytes service limit."}
	case !mr.keepResults:
		out = nil // ResultPath null: nothing reads the result
	default:
		results := mr.results
		for len(results) < mr.started {
			results = append(results, nil)
		}
		if results == nil {
			results = []any{}
		}
		out = results
	}
	if err != nil {
		mr.ended = false
		mr.failRun(err)
		return
	}
	t.gen++
	if x.listening() {
		t.emit(&Event{Type: "MapRunSucceeded", MapRunArn: mr.arn})
		t.emit(&Event{Type: "MapStateSucceeded"})
	} else {
		x.countN(2)
	}
	if mr.halting() {
		mr.rt.drained()
		return
	}
	t.succeed(out, true)
}

// halting reports whether the execution is being drained: a top-level Map
// that ends then goes no further (no Next state, no Catch), so that nothing
// new starts after an interrupt; the execution ends ABORTED once its last
// Map has ended, and a redrive takes it on from there.
func (mr *mapRun) halting() bool { return mr.topLevel() && mr.rt.draining }

func compactRecords(rs []*resultwriter.Record) []*resultwriter.Record {
	out := rs[:0:0]
	for _, r := range rs {
		if r != nil {
			out = append(out, r)
		}
	}
	return out
}

// failRun ends the run with err: STANDARD children still running are
// aborted, EXPRESS ones cannot be stopped and run on unheard; items never
// started are written as PENDING (distributed-map.md §3.5).
func (mr *mapRun) failRun(err error) {
	t := mr.t
	x := t.x
	e := t.stateError(err)
	if mr.ended {
		return
	}
	mr.ended = true
	mr.rt.liveRuns.remove(mr)
	t.cancel = nil
	mr.stopChildren()
	if mr.discard {
		if mr.held || !mr.exhausted {
			mr.categories[2] = true // PENDING
		}
		x.rt.stats.ObjectsWritten += mr.filesDiscarded()
	}
	if mr.writer != nil {
		mr.writePending()
		if _, werr := mr.writer.Close(mr.rt.ctx()); werr != nil && e.Name == asl.ErrExceedToleratedFailure {
			e = t.stateError(werr)
		}
	}
	mr.close()
	t.gen++
	if x.listening() {
		t.emit(&Event{Type: "MapRunFailed", MapRunArn: mr.arn, Error: e.Name, Cause: e.Cause})
		t.emit(&Event{Type: "MapStateFailed", Error: e.Name, Cause: e.Cause})
	} else {
		x.countN(2)
	}
	if mr.halting() {
		mr.rt.drained()
		return
	}
	t.fail(e)
}

// stopChildren aborts the running STANDARD children; their records go to
// the ResultWriter as ABORTED.
func (mr *mapRun) stopChildren() {
	children := mr.children
	mr.children = nil
	for _, c := range children {
		if c.Type == asl.Express {
			continue
		}
		c.Abort("States.Aborted", "The Map Run was stopped.")
		if mr.discard {
			mr.categories[1] = true
		}
		if mr.writer != nil {
			mr.writer.Add(mr.rt.ctx(), c.record())
		}
	}
}

// writePending records the items never started.
func (mr *mapRun) writePending() {
	if mr.held {
		mr.held = false
		mr.writer.Add(mr.rt.ctx(), &resultwriter.Record{Status: resultwriter.StatusPending, Input: orNil(mr.heldInput)})
	}
	for !mr.exhausted {
		input, n, err := mr.nextInput()
		if err != nil || n == 0 {
			return
		}
		mr.writer.Add(mr.rt.ctx(), &resultwriter.Record{Status: resultwriter.StatusPending, Input: orNil(input)})
	}
}

// abort stops the run when its state is abandoned (the execution ended or
// a sibling branch failed).
func (mr *mapRun) abort() {
	if mr.ended {
		return
	}
	mr.ended = true
	mr.rt.liveRuns.remove(mr)
	mr.stopChildren()
	mr.flushWriter()
	mr.close()
	if mr.topLevel() {
		// A drained execution whose last Map was abandoned (a sibling
		// branch failed) ends here; when the execution itself ended,
		// this does nothing.
		mr.rt.drained()
	}
}

// flushWriter writes what a stopped run leaves: the items never started as
// PENDING, then the files still filling and the manifest.
func (mr *mapRun) flushWriter() {
	if mr.writer == nil {
		return
	}
	mr.writePending()
	mr.writer.Close(mr.rt.ctx())
	mr.writer = nil
}

// interrupt ends a drained run: its children have finished, the items it
// did not start are PENDING; the execution is then aborted (see
// Execution.Drain).
func (mr *mapRun) interrupt() {
	if mr.ended {
		return
	}
	mr.ended = true
	mr.rt.liveRuns.remove(mr)
	mr.flushWriter()
	mr.close()
	mr.rt.drained()
}

// redriven consumes the next child's input when a redrive says it already
// succeeded (Options.Redrive): its result is taken as it was, and it does
// not run again.
func (mr *mapRun) redriven(input any, items int) bool {
	hook := mr.rt.opts.Redrive
	if hook == nil || !mr.topLevel() {
		return false
	}
	done := hook(ChildKey{State: mr.t.s.name, Within: mr.within, Visit: mr.visit, Index: mr.started}, input)
	if done == nil {
		return false
	}
	index := mr.started
	mr.started++
	mr.info.ChildrenStarted = mr.started
	mr.rt.stats.ChildrenRedriven++
	if mr.hasWcfg {
		if mr.writer != nil && done.Record != nil {
			mr.writer.Add(mr.rt.ctx(), done.Record)
		} else if mr.discard {
			mr.categories[0] = true
		}
		return true
	}
	if mr.keepResults && !mr.overflow {
		for len(mr.results) <= index {
			mr.results = append(mr.results, nil)
		}
		mr.results[index] = done.Output
	}
	return true
}

// Succeeded is a child a redrive does not run again: it succeeded before,
// with this output and, for a ResultWriter, this record.
type Succeeded struct {
	Output any
	Record *resultwriter.Record
}

// countingWriter counts the objects a ResultWriter puts (S3 PUT requests,
// which cost money).
type countingWriter struct {
	resultwriter.ObjectWriter
	stats *Stats
}

func (c countingWriter) PutObject(ctx context.Context, bucket, key string, body []byte) error {
	c.stats.ObjectsWritten++
	return c.ObjectWriter.PutObject(ctx, bucket, key, body)
}

// Child executions are recycled: a million children of a simulation need
// a few thousand Execution values, not a million, which keeps the
// collector out of the simulator's way. A child goes back to the pool one
// end later than its own, when the stack that ended it has unwound. Users
// of Options.Observer and Options.History must not keep a child's
// *Execution after its ExecutionEnded returns (copy what they need).

func (rt *runtime) newChild() *Execution {
	if n := len(rt.free); n > 0 {
		x := rt.free[n-1]
		rt.free[n-1] = nil
		rt.free = rt.free[:n-1]
		return x
	}
	return &Execution{}
}

func (rt *runtime) release(x *Execution) {
	if prev := rt.lastEnded; prev != nil {
		prev.recycle()
		rt.free = append(rt.free, prev)
	}
	rt.lastEnded = x
}

// orNil hides the control-only placeholder from records.
func orNil(v any) any {
	if v == controlOnly {
		return nil
	}
	return v
}

// expiring is an EXPRESS child and its deadline, for the life
// (incarnation) it was started in.
type expiring struct {
	x           *Execution
	incarnation uint64
	deadline    time.Duration // on the runtime's monotonic reading
}

func (e *expiring) ended() bool {
	return e.x.incarnation != e.incarnation || e.x.Status != StatusRunning
}

// expiryQueue is a FIFO of EXPRESS children. Children mostly end in the
// order they started, so dropping the ended ones at the front keeps it
// about as long as the children running.
type expiryQueue struct {
	items []expiring
	head  int
}

func (q *expiryQueue) push(e expiring) {
	if q.head > 0 && q.head*2 >= len(q.items) {
		n := copy(q.items, q.items[q.head:])
		clear(q.items[n:])
		q.items, q.head = q.items[:n], 0
	}
	q.items = append(q.items, e)
}

func (q *expiryQueue) front() *expiring {
	if q.head >= len(q.items) {
		return nil
	}
	return &q.items[q.head]
}

func (q *expiryQueue) pop() {
	q.items[q.head] = expiring{}
	q.head++
}

func (q *expiryQueue) dropEnded() {
	for e := q.front(); e != nil && e.ended(); e = q.front() {
		q.pop()
	}
}

// expireChildren times out the EXPRESS children past the Express limit,
// then watches the next deadline. It runs even after the Map Run ended:
// EXPRESS children it could not stop run on and still time out.
func (mr *mapRun) expireChildren() {
	mr.expiryTimer = false
	rt := mr.rt
	now := rt.mono()
	for e := mr.expiry.front(); e != nil; e = mr.expiry.front() {
		if e.ended() {
			mr.expiry.pop()
			continue
		}
		if e.deadline > now {
			mr.expiryTimer = true
			rt.clock.After(e.deadline-now, mr.expire)
			return
		}
		x := e.x
		mr.expiry.pop()
		x.timeOut()
	}
}

func categoryOf(status string) int {
	if status == StatusSucceeded {
		return 0
	}
	return 1
}

// filesDiscarded is the number of files a discarded ResultWriter would
// have written: one per category with records (a file holds 5 GB) and the
// manifest.
func (mr *mapRun) filesDiscarded() int64 {
	n := int64(1)
	for _, used := range mr.categories {
		if used {
			n++
		}
	}
	return n
}

// runSet holds the Map Runs in progress, for Drain.
type runSet map[*mapRun]struct{}

func (s *runSet) add(mr *mapRun) {
	if *s == nil {
		*s = runSet{}
	}
	(*s)[mr] = struct{}{}
}

func (s *runSet) remove(mr *mapRun) { delete(*s, mr) }
