import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { TemplateKey } from '../../../shared/emailTemplates';
import { modelOptions } from './common';

/** One editable message; `key` says which (payment_failed, magic_link, ...). */
export class EmailTemplate extends Model<InferAttributes<EmailTemplate>, InferCreationAttributes<EmailTemplate>> {
  declare id: CreationOptional<number>;
  declare key: TemplateKey;
  declare subject: string;
  declare textBody: string;
  /** null: the HTML part is derived from the text */
  declare htmlBody: string | null;
  /** e-mail of the admin who last edited it */
  declare updatedBy: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export function initEmailTemplate(sequelize: Sequelize): void {
  EmailTemplate.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      key: { type: DataTypes.STRING, allowNull: false },
      subject: { type: DataTypes.STRING, allowNull: false },
      textBody: { type: DataTypes.TEXT, allowNull: false },
      htmlBody: { type: DataTypes.TEXT, allowNull: true },
      updatedBy: { type: DataTypes.STRING, allowNull: true },
      createdAt: DataTypes.DATE,
      updatedAt: DataTypes.DATE,
    },
    { sequelize, tableName: 'email_templates', ...modelOptions },
  );
}
