import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A single-use portal sign-in link; only the sha256 of its token is stored. */
export class PortalToken extends Model<InferAttributes<PortalToken>, InferCreationAttributes<PortalToken>> {
  declare id: CreationOptional<number>;
  declare tokenHash: string;
  declare customerId: number;
  /** why it was issued: 'magic_link' (asked for on /portal) or 'payment_failed' (in the dunning e-mail) */
  declare purpose: string;
  declare expiresAt: Date;
  declare usedAt: Date | null;
  /**
   * The outbox message that carries the link, while it may still show it (kept unsent there, no
   * SMTP_URL): redacted, and this cleared, once the token is used or expires.
   */
  declare notificationId: CreationOptional<number | null>;
  /** an app's portal session: where the portal's "Back to" link goes */
  declare returnUrl: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initPortalToken(sequelize: Sequelize): void {
  PortalToken.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      tokenHash: { type: DataTypes.STRING, allowNull: false },
      customerId: { type: DataTypes.INTEGER, allowNull: false },
      purpose: { type: DataTypes.STRING, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      usedAt: { type: DataTypes.DATE, allowNull: true },
      notificationId: { type: DataTypes.INTEGER, allowNull: true },
      returnUrl: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'portal_tokens', underscored: true, timestamps: true, updatedAt: false },
  );
}
