"""job titles: the title picked beside the ROME sheet of projects, offers and internships

Revision ID: d2f6a8c4e1b7
Revises: b7e2f4a9c1d3
Create Date: 2026-12-05 10:00:00.000000

The trade picker keeps the words people chose (a ROME job title, its "OGR" code) beside the
sheet's code. The codes stored so far stay as they are: searches, offers and projects keep
working. Rows of the game's 50 trades get the job title whose label is the trade's ROME 4.0
label, when the ROME holds one (41 of the 50), so they show the same words as before; the
others keep no title and show the sheet's label, as before. The map is written out here, not
read from the data files: a migration describes the data of its own day. The downgrade drops
the column (the codes were never changed).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd2f6a8c4e1b7'
down_revision = 'b7e2f4a9c1d3'
branch_labels = None
depends_on = None

TABLES = ("project_trade", "offer", "internship")
CHECK = (
    "job_title IS NULL OR (length(job_title) BETWEEN 1 AND 7"
    " AND ltrim(job_title, '0123456789') = '' AND substr(job_title, 1, 1) <> '0')"
)
# ROME 4.0 code of a game trade -> the job title (OGR) whose label is that trade's label.
TITLE_OF_TRADE = {
    "A1208": "16069",  # Jardinier / Jardinière paysagiste
    "A1402": "10813",  # Aide agricole en production végétale
    "D1101": "11564",  # Boucher / Bouchère
    "D1102": "11573",  # Boulanger / Boulangère
    "D1202": "12688",  # Coiffeur / Coiffeuse
    "D1214": "20613",  # Vendeur / Vendeuse en prêt-à-porter
    "D1408": "13353",  # Conseiller / Conseillère clientèle à distance
    "D1505": "15487",  # Hôte / Hôtesse de caisse
    "D1507": "14779",  # Employé / Employée de rayon libre-service
    "E1101": "38383",  # Community manager
    "F1602": "14635",  # Électricien / Électricienne du bâtiment
    "F1603": "17839",  # Plombier / Plombière sanitaire
    "F1604": "17821",  # Plaquiste
    "F1606": "17619",  # Peintre en bâtiment
    "F1619": "13822",  # Couvreur / Couvreuse
    "F1703": "16250",  # Maçon / Maçonne
    "F1704": "16351",  # Manoeuvre bâtiment
    "G1501": "14793",  # Employé / Employée d'étage
    "G1602": "12756",  # Commis / Commise de cuisine
    "G1603": "14875",  # Équipier polyvalent / Équipière polyvalente de restauration rapide
    "G1609": "13861",  # Cuisinier / Cuisinière
    "G1803": "19430",  # Serveur / Serveuse en restauration
    "H2206": "16611",  # Menuisier / Menuisière
    "I1203": "10679",  # Agent / Agente d'entretien du bâtiment
    "I1401": "19841",  # Technicien / Technicienne de maintenance en informatique
    "I1604": "16446",  # Mécanicien / Mécanicienne automobile
    "I1606": "11701",  # Carrossier-peintre / Carrossière-peintre
    "J1305": "10927",  # Ambulancier / Ambulancière
    "J1501": "10891",  # Aide-soignant / Aide-soignante
    "K1302": "38087",  # Assistant / Assistante de vie dépendance
    "K2205": "10571",  # Agent / Agente de propreté de locaux
    "K2304": "10638",  # Agent / Agente de tri des déchets
    "K2503": "10556",  # Agent / Agente de prévention et de sécurité
    "M1601": "11743",  # Chargé / Chargée d'accueil
    "M1602": "10349",  # Agent administratif / Agente administrative
    "M1855": "14156",  # Développeur / Développeuse web
    "N1101": "11679",  # Cariste
    "N1103": "17993",  # Préparateur / Préparatrice de commandes
    "N1110": "16276",  # Magasinier / Magasinière
    "N4101": "13132",  # Conducteur / Conductrice de poids lourd
    "N4105": "13336",  # Conducteur-livreur / Conductrice-livreuse
}


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('job_title', sa.String(length=7), nullable=True))
            batch_op.create_check_constraint(op.f(f"ck_{table}_job_title_digits"), CHECK)
    for table in TABLES:
        rows = sa.table(table, sa.column("rome_code", sa.String), sa.column("job_title", sa.String))
        for code, title in TITLE_OF_TRADE.items():
            op.execute(
                rows.update()
                .where(rows.c.rome_code == code, rows.c.job_title.is_(None))
                .values(job_title=title)
            )


def downgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_job_title_digits"), type_="check")
            batch_op.drop_column('job_title')
