/** The outbound message of the broadcast benches: `notice`, about 100 bytes of JSON, validated on every emit. */
export const NOTICE = 'notice';

/** The AsyncAPI 2.6 message object of `notice`, for a channel's `subscribe`. */
export const noticeMessage = {
  name: NOTICE,
  payload: {
    type: 'object',
    additionalProperties: false,
    properties: {
      seq: { type: 'integer' },
      symbol: { type: 'string', maxLength: 16 },
      price: { type: 'number' },
      note: { type: 'string', maxLength: 200 },
    },
    required: ['seq', 'symbol', 'price'],
  },
};

const note = 'limit order via desk 7, account 0042, good till cancelled';

/** The `seq`-th notice: valid against `noticeMessage`. */
export const notice = (seq: number) => ({ seq, symbol: 'ACME.XNAS', price: 187.25, note });
