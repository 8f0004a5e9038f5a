import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

const table = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event) => {
  await table.send(new PutCommand({ TableName: 'Orders', Item: { id: event.orderId, total: event.total, status: 'NEW' } }));
  return { orderId: event.orderId };
};
