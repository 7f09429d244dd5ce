import { defineContract } from '../registry/contract-definition';
import { Topics } from '../topics';
import { connectorDeliveryFailedV1 } from './v1/connector-delivery-failed.v1';

export const CONNECTOR_DELIVERY_FAILED = 'connector.delivery-failed';

export const connectorDeliveryFailedContract = defineContract({
  name: CONNECTOR_DELIVERY_FAILED,
  topic: Topics.connectorDeliveryFailed,
  folder: 'connector-delivery-failed',
  summary: 'A message a connector could not deliver to its partner, for the sending system to act on.',
  versions: [connectorDeliveryFailedV1],
});
