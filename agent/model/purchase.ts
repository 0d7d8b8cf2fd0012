/**
 * Purchases and how they were paid, as the CRM keeps them.
 * Plain data, no I/O: times are ISO-8601 strings in UTC.
 */

/** How a purchase is paid. */
export type PaymentMethod = 'cash' | 'credit' | 'instalments'

/** Every {@link PaymentMethod}, in the order forms offer them. */
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'credit', 'instalments']

export interface Purchase {
  readonly id: number
  readonly customerId: number
  readonly purchasedAt: string
  /** Whole minor units of {@link currency} (cents; none for JPY), so sums are exact. */
  readonly amountMinor: number
  /** ISO 4217, upper case. */
  readonly currency: string
  readonly product: string | null
  readonly category: string | null
  readonly paymentMethod: PaymentMethod
  /** Null while unknown: not due yet, or never recorded. */
  readonly paidOnTime: boolean | null
  /** Operator who recorded it; null for imports (or a deleted operator). */
  readonly createdBy: number | null
  readonly createdAt: string
}

/** A purchase as listed in a customer's file, with the recording operator's name. */
export interface PurchaseWithOperator extends Purchase {
  readonly createdByName: string | null
}

export interface NewPurchaseInput {
  readonly customerId: number
  readonly purchasedAt: string
  readonly amountMinor: number
  readonly currency: string
  readonly product: string | null
  readonly category: string | null
  readonly paymentMethod: PaymentMethod
  readonly paidOnTime: boolean | null
  readonly createdBy: number | null
}

/** A customer's purchases over a window, the figures tier rules look at. */
export interface PurchaseStats {
  /** Sum of the purchases in {@link currency}, in its minor units. */
  readonly volumeMinor: number
  /** The currency {@link volumeMinor} is in (the tier currency); purchases in others are not in the volume. */
  readonly currency: string
  /** Purchases in the window, in any currency. */
  readonly count: number
  /** Of those, how many have a known `paidOnTime`. */
  readonly rated: number
  /** Of those, how many were paid on time. */
  readonly onTime: number
}
