-- A service's name per caller language, and what the receptionist says about
-- getting there and whom to call in an emergency. Existing tables only: their
-- row-level security, policies and grants already cover the new columns.

-- AlterTable
ALTER TABLE "business_profiles" ADD COLUMN     "directions" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "emergency_number" TEXT;

-- AlterTable
ALTER TABLE "services" ADD COLUMN     "localized_names" JSONB NOT NULL DEFAULT '{}';
