package sdk

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/sfnsim/sfnsim/asl"
	"github.com/sfnsim/sfnsim/execute/task"
)

// avMap reads a field holding attribute values (Key, Item,
// ExpressionAttributeValues).
func (p *params) avMap(name string) map[string]types.AttributeValue {
	v, ok := p.get(name)
	if !ok {
		return nil
	}
	m, err := avMapFromJSON(name, v)
	if err != nil {
		p.fail("%v", err)
	}
	return m
}

func (h *Handler) dynamoGetItem(ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError) {
	p, serr := newParams(c.State, "dynamodb:getItem", c.Input)
	if serr != nil {
		return nil, serr
	}
	in := &dynamodb.GetItemInput{
		TableName:                p.str("TableName"),
		Key:                      p.avMap("Key"),
		ConsistentRead:           p.boolean("ConsistentRead"),
		ProjectionExpression:     p.str("ProjectionExpression"),
		ExpressionAttributeNames: p.strMap("ExpressionAttributeNames"),
		AttributesToGet:          p.strList("AttributesToGet"),
		ReturnConsumedCapacity:   types.ReturnConsumedCapacity(deref(p.str("ReturnConsumedCapacity"))),
	}
	if serr := p.done(); serr != nil {
		return nil, serr
	}
	out, err := h.c.DynamoDB.GetItem(ctx, in, dynamodb.WithAPIOptions(skipValidation))
	if err != nil {
		return nil, svcDynamoDB.failure(ctx, err, optimized)
	}
	m := map[string]any{}
	if out.Item != nil {
		m["Item"] = avMapToJSON(out.Item)
	}
	putCapacity(m, out.ConsumedCapacity)
	if optimized {
		return withMetadata(m, out.ResultMetadata), nil
	}
	return m, nil
}

// writeParams reads the fields putItem and updateItem share.
type writeParams struct {
	cond, retVals, retCap, retMetrics, retOnFail *string
	names                                        map[string]string
	values                                       map[string]types.AttributeValue
}

func (p *params) write() writeParams {
	return writeParams{
		cond:       p.str("ConditionExpression"),
		names:      p.strMap("ExpressionAttributeNames"),
		values:     p.avMap("ExpressionAttributeValues"),
		retVals:    p.str("ReturnValues"),
		retCap:     p.str("ReturnConsumedCapacity"),
		retMetrics: p.str("ReturnItemCollectionMetrics"),
		retOnFail:  p.str("ReturnValuesOnConditionCheckFailure"),
	}
}

func (h *Handler) dynamoPutItem(ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError) {
	p, serr := newParams(c.State, "dynamodb:putItem", c.Input)
	if serr != nil {
		return nil, serr
	}
	table, item, w := p.str("TableName"), p.avMap("Item"), p.write()
	if serr := p.done(); serr != nil {
		return nil, serr
	}
	out, err := h.c.DynamoDB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                           table,
		Item:                                item,
		ConditionExpression:                 w.cond,
		ExpressionAttributeNames:            w.names,
		ExpressionAttributeValues:           w.values,
		ReturnValues:                        types.ReturnValue(deref(w.retVals)),
		ReturnConsumedCapacity:              types.ReturnConsumedCapacity(deref(w.retCap)),
		ReturnItemCollectionMetrics:         types.ReturnItemCollectionMetrics(deref(w.retMetrics)),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailure(deref(w.retOnFail)),
	}, dynamodb.WithAPIOptions(skipValidation))
	if err != nil {
		return nil, svcDynamoDB.failure(ctx, err, optimized)
	}
	m := writeOutput(out.Attributes, out.ConsumedCapacity, out.ItemCollectionMetrics)
	if optimized {
		return withMetadata(m, out.ResultMetadata), nil
	}
	return m, nil
}

func (h *Handler) dynamoUpdateItem(ctx context.Context, c *task.Call, optimized bool) (any, *asl.StatesError) {
	p, serr := newParams(c.State, "dynamodb:updateItem", c.Input)
	if serr != nil {
		return nil, serr
	}
	table, key, update, w := p.str("TableName"), p.avMap("Key"), p.str("UpdateExpression"), p.write()
	if serr := p.done(); serr != nil {
		return nil, serr
	}
	out, err := h.c.DynamoDB.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                           table,
		Key:                                 key,
		UpdateExpression:                    update,
		ConditionExpression:                 w.cond,
		ExpressionAttributeNames:            w.names,
		ExpressionAttributeValues:           w.values,
		ReturnValues:                        types.ReturnValue(deref(w.retVals)),
		ReturnConsumedCapacity:              types.ReturnConsumedCapacity(deref(w.retCap)),
		ReturnItemCollectionMetrics:         types.ReturnItemCollectionMetrics(deref(w.retMetrics)),
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailure(deref(w.retOnFail)),
	}, dynamodb.WithAPIOptions(skipValidation))
	if err != nil {
		return nil, svcDynamoDB.failure(ctx, err, optimized)
	}
	m := writeOutput(out.Attributes, out.ConsumedCapacity, out.ItemCollectionMetrics)
	if optimized {
		return withMetadata(m, out.ResultMetadata), nil
	}
	return m, nil
}

// writeOutput is the response of putItem and updateItem: {} when nothing
// was asked back (recorded for aws-sdk:dynamodb:putItem).
func writeOutput(attrs map[string]types.AttributeValue, cc *types.ConsumedCapacity, icm *types.ItemCollectionMetrics) map[string]any {
	m := map[string]any{}
	if attrs != nil {
		m["Attributes"] = avMapToJSON(attrs)
	}
	putCapacity(m, cc)
	if icm != nil {
		metrics := map[string]any{}
		if icm.ItemCollectionKey != nil {
			metrics["ItemCollectionKey"] = avMapToJSON(icm.ItemCollectionKey)
		}
		if icm.SizeEstimateRangeGB != nil {
			r := make([]any, len(icm.SizeEstimateRangeGB))
			for i, f := range icm.SizeEstimateRangeGB {
				r[i] = jsonFloat(f)
			}
			metrics["SizeEstimateRangeGB"] = r
		}
		m["ItemCollectionMetrics"] = metrics
	}
	return m
}

func putCapacity(m map[string]any, cc *types.ConsumedCapacity) {
	if cc == nil {
		return
	}
	out := map[string]any{}
	putStr(out, "TableName", cc.TableName)
	putFloat(out, "CapacityUnits", cc.CapacityUnits)
	putFloat(out, "ReadCapacityUnits", cc.ReadCapacityUnits)
	putFloat(out, "WriteCapacityUnits", cc.WriteCapacityUnits)
	if cc.Table != nil {
		out["Table"] = capacity(*cc.Table)
	}
	indexes := func(name string, ix map[string]types.Capacity) {
		if ix == nil {
			return
		}
		o := map[string]any{}
		for k, v := range ix {
			o[k] = capacity(v)
		}
		out[name] = o
	}
	indexes("GlobalSecondaryIndexes", cc.GlobalSecondaryIndexes)
	indexes("LocalSecondaryIndexes", cc.LocalSecondaryIndexes)
	m["ConsumedCapacity"] = out
}

func capacity(c types.Capacity) map[string]any {
	m := map[string]any{}
	putFloat(m, "CapacityUnits", c.CapacityUnits)
	putFloat(m, "ReadCapacityUnits", c.ReadCapacityUnits)
	putFloat(m, "WriteCapacityUnits", c.WriteCapacityUnits)
	return m
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
