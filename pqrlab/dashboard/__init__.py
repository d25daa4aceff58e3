"""The executive dashboard (Streamlit): reads only the serving tables `public.gold_*`."""
