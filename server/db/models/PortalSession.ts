import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A customer's portal sign-in; the id is the sha256 of the cookie token, never the token itself. */
export class PortalSession extends Model<InferAttributes<PortalSession>, InferCreationAttributes<PortalSession>> {
  declare id: string;
  declare customerId: number;
  /** echoed by every portal form; a cross-site form cannot know it */
  declare csrfToken: string;
  declare expiresAt: Date;
  /** opened by an app's portal session: where the portal's "Back to" link goes */
  declare returnUrl: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
}

export function initPortalSession(sequelize: Sequelize): void {
  PortalSession.init(
    {
      id: { type: DataTypes.STRING, primaryKey: true },
      customerId: { type: DataTypes.INTEGER, allowNull: false },
      csrfToken: { type: DataTypes.STRING, allowNull: false },
      expiresAt: { type: DataTypes.DATE, allowNull: false },
      returnUrl: { type: DataTypes.TEXT, allowNull: true },
      createdAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'portal_sessions', underscored: true, timestamps: true, updatedAt: false },
  );
}
